import { Link, Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { ConnectionView, SessionResponse } from '../../../server/http/api-types';
import { ROLE_LABELS } from '../../access';
import { useNavigate } from '../Router';

const INTAKE_MODES: Record<ConnectionView['intakeMode'], string> = {
  dataverse: 'Dataverse Web API (sales orders written directly)',
  'intake-provider': 'IOM intake provider (orders posted to your provider’s flow)',
};

function PageLink({ to, children }: { to: string; children: string }) {
  const navigate = useNavigate();
  return (
    <Link
      href={to}
      // Underlined: a link inside a sentence must not be told apart by colour alone.
      style={{ textDecoration: 'underline' }}
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Link>
  );
}

/** The connection in one line (with its intake mode) and who may change things, each linking to its page. */
export function StoreLinksPanel({
  connection,
  access,
}: {
  connection: ConnectionView | null;
  access: SessionResponse;
}) {
  const headerId = useId();
  const status = !connection
    ? 'Not connected.'
    : connection.lastTest?.ok
      ? `Connected to ${connection.environmentUrl}.`
      : `Saved for ${connection.environmentUrl}, not working yet: test it.`;
  return (
    <Panel
      aria-labelledby={headerId}
      header="Connection and users"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Text margin="none">
        <Text as="span" bold>
          IOM:{' '}
        </Text>
        {status}{' '}
        <PageLink to="/connection">{connection ? 'Manage the IOM connection' : 'Connect IOM'}</PageLink>
      </Text>
      {connection && (
        <Text margin="none" marginTop="xSmall">
          <Text as="span" bold>
            Intake mode:{' '}
          </Text>
          {INTAKE_MODES[connection.intakeMode]} (chosen on the IOM connection page)
        </Text>
      )}
      <Text margin="none" marginTop="xSmall">
        <Text as="span" bold>
          Users and admins:{' '}
        </Text>
        you are {ROLE_LABELS[access.user.role].toLowerCase()}; the owner ({access.owner.email}) names the app
        admins. <PageLink to="/users">See users and admins</PageLink>
      </Text>
    </Panel>
  );
}
