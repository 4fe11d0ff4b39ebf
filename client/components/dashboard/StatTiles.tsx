import { Box, Grid, Text } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import type { ReactNode } from 'react';

import type { DashboardCounts } from '../../../server/http/dashboard-api-types';
import { InAppLink } from './InAppLink';

function Tile({ label, value, detail }: { label: string; value: number; detail?: ReactNode }) {
  return (
    <Box
      border="box"
      borderRadius="normal"
      padding="medium"
      style={{ minWidth: 0, borderColor: theme.colors.secondary30 }}
    >
      <Text color="secondary60" margin="none">
        {label}
      </Text>
      <div style={{ fontSize: '1.5rem', fontWeight: 600, lineHeight: 1.3 }}>
        {value.toLocaleString('en-US')}
      </div>
      {detail}
    </Box>
  );
}

/** The four numbers a merchant checks first, as a description list of tiles. */
export function StatTiles({ counts }: { counts: DashboardCounts }) {
  return (
    <Grid
      aria-label="Order numbers"
      gridColumns={{ mobile: 'repeat(2, minmax(0, 1fr))', desktop: 'repeat(4, minmax(0, 1fr))' }}
      gridGap="0.75rem"
      role="group"
    >
      <Tile label="Synced today" value={counts.syncedToday} />
      <Tile label="Queued" value={counts.queued} />
      <Tile
        detail={
          counts.needsAttention > 0 ? (
            <InAppLink path="/attention">Fix them</InAppLink>
          ) : (
            <Text as="span" color="secondary60" margin="none">
              Nothing to fix
            </Text>
          )
        }
        label="Needs attention"
        value={counts.needsAttention}
      />
      <Tile label="Shipments today" value={counts.shipmentsToday} />
    </Grid>
  );
}
