import { Badge, Chip, Flex, Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { SessionResponse } from '../../server/http/api-types';
import { DateTime } from './DateTime';
import { DetailList } from './DetailList';

const statusBadges = {
  installed: { label: 'Installed', variant: 'success' },
  uninstalled: { label: 'Uninstalled', variant: 'danger' },
} as const;

function ScopeList({ scopes }: { scopes: readonly string[] }) {
  if (scopes.length === 0) return <Text margin="none">None</Text>;
  return (
    <Flex
      aria-label="Granted scopes"
      as="ul"
      flexDirection="row"
      flexGap="0.5rem"
      flexWrap="wrap"
      margin="none"
      padding="none"
      style={{ listStyle: 'none' }}
    >
      {scopes.map((scope) => (
        <li key={scope}>
          <Chip label={scope} margin="none" />
        </li>
      ))}
    </Flex>
  );
}

export function StorePanel({ store }: { store: SessionResponse['store'] }) {
  const headerId = useId();
  return (
    <Panel aria-labelledby={headerId} header="Store" headerId={headerId} margin="none" role="region">
      <DetailList
        details={[
          { term: 'Store hash', value: <Text margin="none">{store.hash}</Text> },
          { term: 'Status', value: <Badge {...statusBadges[store.status]} /> },
          { term: 'Scopes', value: <ScopeList scopes={store.scopes} /> },
          { term: 'Installed on', value: <DateTime iso={store.installedAt} /> },
        ]}
      />
    </Panel>
  );
}
