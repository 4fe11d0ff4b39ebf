import { Box, Grid, Text } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import type { ReactNode } from 'react';

import type { DashboardResponse } from '../../../server/http/dashboard-api-types';
import { STATE_LABELS, countOf } from '../../orders';
import { RelativeTime } from '../DateTime';
import { useNavigate } from '../Router';
import { healthHeadline } from './health';
import { InAppLink } from './InAppLink';
import { Notice } from '../Notice';

const CONNECTION_LABELS: Record<DashboardResponse['connection']['state'], string> = {
  not_connected: 'Not connected',
  untested: 'Saved, not tested',
  failing: 'Last test failed',
  paused: 'Paused: IOM refused the credentials',
  connected: 'Connected',
};

function Fact({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box
      border="box"
      borderRadius="normal"
      padding="medium"
      style={{ minWidth: 0, borderColor: theme.colors.secondary30 }}
    >
      <Text color="secondary60" margin="none">
        {title}
      </Text>
      <Box style={{ overflowWrap: 'anywhere' }}>{children}</Box>
    </Box>
  );
}

function Line({ children }: { children: ReactNode }) {
  return <Text margin="none">{children}</Text>;
}

/** The verdict line and the three facts behind it: IOM connection, order webhooks, last order. */
export function HealthPanel({ data }: { data: DashboardResponse }) {
  const navigate = useNavigate();
  const headline = healthHeadline(data);
  const { connection, webhooks, lastOrder } = data;
  return (
    <>
      <Notice
        actions={
          headline.action
            ? [{ text: headline.action.label, onClick: () => navigate(headline.action!.path) }]
            : undefined
        }
        marginBottom="medium"
        messages={[{ text: headline.text }]}
        type={headline.tone}
      />
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'repeat(3, minmax(0, 1fr))' }}
        gridGap="0.75rem"
      >
        <Fact title="IOM connection">
          <Line>
            <Text as="span" bold margin="none">
              {CONNECTION_LABELS[connection.state]}
            </Text>
          </Line>
          <Line>
            {connection.lastTest ? (
              <>
                Last test {connection.lastTest.ok ? 'passed' : 'failed'}{' '}
                <RelativeTime iso={connection.lastTest.testedAt} />
              </>
            ) : (
              <InAppLink path="/connection">Set up the connection</InAppLink>
            )}
          </Line>
        </Fact>
        <Fact title="Order webhooks">
          <Line>
            <Text as="span" bold margin="none">
              {webhooks.state === 'unknown'
                ? 'Could not be checked'
                : `${webhooks.active} of ${webhooks.expected} active`}
            </Text>
          </Line>
          <Line>
            {webhooks.lastReceivedAt ? (
              <>
                Last received <RelativeTime iso={webhooks.lastReceivedAt} />
              </>
            ) : (
              'None received yet'
            )}
          </Line>
          {webhooks.state === 'unknown' && webhooks.error && (
            <Text as="span" color="secondary60" margin="none">
              {webhooks.error}
            </Text>
          )}
          {webhooks.missing.length > 0 && (
            <Text as="span" color="secondary60" margin="none">
              Missing: {webhooks.missing.join(', ')}
            </Text>
          )}
        </Fact>
        <Fact title="Last order received">
          {lastOrder ? (
            <>
              <Line>
                <InAppLink label={`Order ${lastOrder.orderId}`} path={`/orders/${lastOrder.orderId}`}>
                  #{lastOrder.orderId}
                </InAppLink>{' '}
                · {STATE_LABELS[lastOrder.state]}
              </Line>
              <Line>{lastOrder.createdAt ? <RelativeTime iso={lastOrder.createdAt} /> : 'Not read yet'}</Line>
            </>
          ) : (
            <Line>No order yet</Line>
          )}
          {data.counts.queued > 0 && <Line>{countOf(data.counts.queued, 'order')} waiting to be sent</Line>}
        </Fact>
      </Grid>
    </>
  );
}
