import { Button, Panel, Table, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SessionResponse, UserView } from '../../server/http/api-types';
import { ROLE_LABELS } from '../access';
import { asApiError, setUserRole, useApiSession, useSessionDetails, useUsers } from '../api';
import { ApiErrorMessage } from '../components/ApiErrorMessage';
import { RelativeTime } from '../components/DateTime';
import { LoadingState } from '../components/LoadingState';
import { PageLayout } from '../components/PageLayout';
import { Notice, type NoticeItem } from '../components/Notice';

interface Outcome {
  type: 'success' | 'error';
  header: string;
  messages: NoticeItem[];
}

interface UsersTableProps {
  users: UserView[];
  me: SessionResponse;
  changing: number | null;
  onChangeRole: (user: UserView, role: 'admin' | 'user') => void;
}

function UsersTable({ users, me, changing, onChangeRole }: UsersTableProps) {
  const columns = [
    {
      header: 'User',
      hash: 'email',
      render: (user: UserView) => (
        <Text as="span" style={{ overflowWrap: 'anywhere' }}>
          {user.email}
          {user.id === me.user.id ? ' (you)' : ''}
        </Text>
      ),
    },
    { header: 'Role', hash: 'role', render: (user: UserView) => ROLE_LABELS[user.role] },
    {
      header: 'Last opened the app',
      hash: 'lastSeenAt',
      render: (user: UserView) => <RelativeTime iso={user.lastSeenAt} />,
    },
  ];
  if (me.permissions.manageUsers) {
    columns.push({
      header: 'Change role',
      hash: 'action',
      render: (user: UserView) =>
        user.role === 'owner' ? (
          <Text as="span" color="secondary60">
            Always manages
          </Text>
        ) : (
          <Button
            aria-label={user.role === 'admin' ? `Make ${user.email} a user` : `Make ${user.email} an admin`}
            disabled={changing !== null}
            isLoading={changing === user.id}
            mobileWidth="auto"
            onClick={() => onChangeRole(user, user.role === 'admin' ? 'user' : 'admin')}
            type="button"
            variant="secondary"
          >
            {user.role === 'admin' ? 'Make user' : 'Make admin'}
          </Button>
        ),
    });
  }
  return (
    <Table
      columns={columns}
      emptyComponent={<Text margin="none">Nobody has opened IOM Connector in this store yet.</Text>}
      itemName="Users"
      items={users}
      keyField="id"
    />
  );
}

/** The store's users and their roles; the owner makes users app admins and back. */
export function UsersPage() {
  const headerId = useId();
  const api = useApiSession();
  const users = useUsers();
  const details = useSessionDetails();
  const [changing, setChanging] = useState<number | null>(null);
  const [notice, setNotice] = useState<Outcome | null>(null);

  const changeRole = async (user: UserView, role: 'admin' | 'user') => {
    setChanging(user.id);
    setNotice(null);
    try {
      const { user: updated } = await setUserRole(api, user.id, role);
      await users.mutate(
        (current) => current && { users: current.users.map((u) => (u.id === updated.id ? updated : u)) },
        { revalidate: false },
      );
      setNotice({
        type: 'success',
        header: role === 'admin' ? `${user.email} is now an app admin` : `${user.email} is now a user`,
        messages: [
          {
            text:
              role === 'admin'
                ? 'They can now change and disconnect the IOM connection and the settings that decide where orders go.'
                : 'They can still view and operate IOM Connector, but no longer change or disconnect the IOM connection.',
          },
        ],
      });
    } catch (error) {
      const apiError = asApiError(error);
      setNotice({
        type: 'error',
        header: `The role of ${user.email} was not changed`,
        messages: [
          { text: apiError.message },
          ...(apiError.requestId ? [{ text: `Request ID: ${apiError.requestId}` }] : []),
        ],
      });
    }
    setChanging(null);
  };

  const error = users.error ?? details.error;
  const me = details.data;
  let body;
  if (users.data && me) {
    body = (
      <>
        <Text>
          Everyone here can view orders and operate IOM Connector: retry and re-sync orders, map SKUs and test
          the connection. The store owner and app admins also change and disconnect the IOM connection and the
          settings that decide where orders go. A user appears here after they first open the app.
        </Text>
        {!me.permissions.manageUsers && (
          <Text>Only the store owner ({me.owner.email}) can make users app admins.</Text>
        )}
        {notice && (
          <Notice
            role="alert"
            header={notice.header}
            marginBottom="medium"
            messages={notice.messages}
            type={notice.type}
          />
        )}
        <UsersTable
          changing={changing}
          me={me}
          onChangeRole={(user, role) => void changeRole(user, role)}
          users={users.data.users}
        />
      </>
    );
  } else if (error) {
    body = (
      <ApiErrorMessage
        error={error}
        header="The users could not be loaded"
        onRetry={() => {
          void users.mutate();
          void details.mutate();
        }}
        retrying={users.isValidating || details.isValidating}
      />
    );
  } else {
    body = <LoadingState label="Loading users…" />;
  }

  return (
    <PageLayout>
      <Panel aria-labelledby={headerId} header="Users" headerId={headerId} margin="none" role="region">
        {body}
      </Panel>
    </PageLayout>
  );
}
