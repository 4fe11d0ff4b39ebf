import { Grid, GridItem } from '@bigcommerce/big-design';

import { useSessionDetails } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { IomConnectionPanel } from '../components/IomConnectionPanel';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { StorePanel } from '../components/StorePanel';
import { UserPanel } from '../components/UserPanel';

export function OverviewPage() {
  const { data, error, isValidating, mutate } = useSessionDetails();
  return (
    <PageLayout>
      {error && (
        <ApiErrorMessage
          error={error}
          header="Store details could not be loaded"
          onRetry={() => void mutate()}
          retrying={isValidating}
        />
      )}
      {data ? (
        <Grid
          gridAreas={{ mobile: '"store" "user" "iom"', desktop: '"store user" "iom iom"' }}
          gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 2fr) minmax(0, 1fr)' }}
          gridGap="1rem"
        >
          <GridItem gridArea="store">
            <StorePanel store={data.store} />
          </GridItem>
          <GridItem gridArea="user">
            <UserPanel user={data.user} />
          </GridItem>
          <GridItem gridArea="iom">
            <IomConnectionPanel />
          </GridItem>
        </Grid>
      ) : (
        !error && <LoadingState label="Loading store details…" />
      )}
    </PageLayout>
  );
}
