import { Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { SessionResponse } from '../../server/http/api-types';
import { ROLE_LABELS } from '../access';
import { DetailList } from './DetailList';

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
          { term: 'Role', value: <Text margin="none">{ROLE_LABELS[user.role]}</Text> },
        ]}
      />
    </Panel>
  );
}
