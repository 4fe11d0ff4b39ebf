import { Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { FulfillmentProfile, TableNames } from '../../server/http/api-types';
import { DetailList, type Detail } from './DetailList';
import { Notice } from './Notice';

interface IomSchemaPanelProps {
  /** What the last connection test discovered; null before one ran. */
  profile: FulfillmentProfile | null;
}

/** The columns of one table as `field: column` pairs; a column the environment lacks shows as "—". */
function columnsOf(names: TableNames): string {
  // Every field of a section is a column name or null (FulfillmentProfile).
  return Object.entries(names as object as Record<string, string | null>)
    .filter(([field]) => field !== 'table' && field !== 'entitySet' && field !== 'id')
    .map(([field, column]) => `${field}: ${column ?? '—'}`)
    .join(', ');
}

function tableDetail(term: string, names: TableNames | null): Detail {
  return {
    term,
    value: names ? (
      <>
        <Text bold margin="none">
          {names.table}
        </Text>
        <Text color="secondary60" margin="none">
          {columnsOf(names)}
        </Text>
      </>
    ) : (
      <Text margin="none">Not found</Text>
    ),
  };
}

/**
 * Read-only: which IOM tables and columns the outbound relay reads in this environment, as the last
 * connection test discovered them, and what it could not find.
 */
export function IomSchemaPanel({ profile }: IomSchemaPanelProps) {
  const headerId = useId();
  return (
    <Panel aria-labelledby={headerId} header="IOM schema" headerId={headerId} margin="none" role="region">
      {profile === null ? (
        <Text margin="none">Test the connection to discover IOM’s fulfillment tables.</Text>
      ) : (
        <>
          {profile.missing.length > 0 && (
            <Notice
              inline
              header="Not found in this environment"
              marginBottom="medium"
              messages={profile.missing.map((text) => ({ text }))}
              type="warning"
            />
          )}
          <DetailList
            details={[
              tableDetail('Fulfillment order', profile.fulfillmentOrder),
              tableDetail('Fulfillment line', profile.fulfillmentLine),
              tableDetail('Tracking', profile.tracking),
              tableDetail('Tracking line', profile.trackingLine),
              tableDetail('Return order', profile.returnOrder),
              tableDetail('Return line', profile.returnLine),
            ]}
            layout="stacked"
          />
          {profile.overridden.length > 0 && (
            <Text color="secondary60" margin="none" marginTop="small">
              Set by an admin: {profile.overridden.join(', ')}
            </Text>
          )}
        </>
      )}
    </Panel>
  );
}
