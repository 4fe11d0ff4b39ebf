import { Box, Grid, GridItem, Panel } from '@bigcommerce/big-design';
import { useId } from 'react';

import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { HealthPanel } from '../components/dashboard/HealthPanel';
import { RecentActivity } from '../components/dashboard/RecentActivity';
import { RelayChart } from '../components/dashboard/RelayChart';
import { StatTiles } from '../components/dashboard/StatTiles';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { useDashboard } from '../hooks/dashboard';

/** The relay's health at a glance: the verdict, the numbers, orders relayed over time, recent activity. */
export function DashboardPage({ refreshInterval }: { refreshInterval?: number } = {}) {
  const healthId = useId();
  const chartId = useId();
  const activityId = useId();
  const dashboard = useDashboard({ refreshInterval });
  const { data, error } = dashboard;

  if (!data) {
    return (
      <PageLayout>
        {error ? (
          <ApiErrorMessage
            error={error}
            header="The dashboard could not be loaded"
            onRetry={() => void dashboard.mutate()}
            retrying={dashboard.isValidating}
          />
        ) : (
          <LoadingState label="Loading the dashboard…" />
        )}
      </PageLayout>
    );
  }

  return (
    <PageLayout>
      {error && (
        <ApiErrorMessage
          error={error}
          header="The dashboard could not be refreshed"
          onRetry={() => void dashboard.mutate()}
          retrying={dashboard.isValidating}
        />
      )}
      <Panel aria-labelledby={healthId} header="Health" headerId={healthId} margin="none" role="region">
        <HealthPanel data={data} />
        <Box marginTop="medium">
          <StatTiles counts={data.counts} />
        </Box>
      </Panel>
      <Grid
        gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 3fr) minmax(0, 2fr)' }}
        gridGap="1rem"
        marginTop="medium"
      >
        <GridItem>
          <Panel
            aria-labelledby={chartId}
            header="Orders relayed to IOM"
            headerId={chartId}
            margin="none"
            role="region"
          >
            <RelayChart daily={data.series.daily} hourly={data.series.hourly} />
          </Panel>
        </GridItem>
        <GridItem>
          <Panel
            aria-labelledby={activityId}
            header="Recent activity"
            headerId={activityId}
            margin="none"
            role="region"
          >
            <RecentActivity events={data.recent} />
          </Panel>
        </GridItem>
      </Grid>
    </PageLayout>
  );
}
