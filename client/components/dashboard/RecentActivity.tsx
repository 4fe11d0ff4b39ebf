import { Box, Small, Text } from '@bigcommerce/big-design';

import type { DashboardResponse } from '../../../server/http/dashboard-api-types';
import { RelativeTime } from '../DateTime';
import { InAppLink } from './InAppLink';

const DIRECTIONS = { inbound: 'BigCommerce → IOM', outbound: 'IOM → BigCommerce', system: 'IOM Connector' };

/** The latest timeline events across orders, each linking to its order. */
export function RecentActivity({ events }: { events: DashboardResponse['recent'] }) {
  if (events.length === 0)
    return (
      <Text color="secondary60" margin="none">
        Nothing has happened yet. Orders appear here as BigCommerce reports them.
      </Text>
    );
  return (
    <Box as="ul" margin="none" style={{ listStyle: 'none', padding: 0 }}>
      {events.map((event) => (
        <Box as="li" key={event.id} paddingVertical="xSmall">
          <Text margin="none" style={{ overflowWrap: 'anywhere' }}>
            <InAppLink label={`Order ${event.orderId}`} path={`/orders/${event.orderId}`}>
              #{event.orderId}
            </InAppLink>{' '}
            {event.message}
          </Text>
          <Small>
            <RelativeTime iso={event.at} /> · {DIRECTIONS[event.direction]}
          </Small>
        </Box>
      ))}
    </Box>
  );
}
