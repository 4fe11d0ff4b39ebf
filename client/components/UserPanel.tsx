import { Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { SessionResponse } from '../../server/http/api-types';
import { DetailList } from './DetailList';

const roleLabels: Record<SessionResponse['user']['role'], string> = {
  owner: 'Owner',
  admin: 'App admin',
  user: 'User',
};

export function UserPanel({ user }: { user: SessionResponse['user'] }) {
  const headerId = useId();
  return (
    <Panel aria-labelledby={headerId} header="Signed in as" headerId={headerId} margin="none" role="region">
      <DetailList
        layout="stacked"
        details={[
          {
            term: 'Email',
            value: (
              <Text margin="none" style={{ overflowWrap: 'anywhere' }}>
                {user.email}
              </Text>
            ),
          },
          { term: 'Role', value: <Text margin="none">{roleLabels[user.role]}</Text> },
        ]}
      />
    </Panel>
  );
}
