import { Box, Grid, GridItem, Link, Panel, Text } from '@bigcommerce/big-design';
import { useId } from 'react';

import type { ConnectionTestResponse, ConnectionView } from '../../server/http/api-types';
import { APPLICATION_USER_DOCS, ConnectionForm, REGISTER_APP_DOCS } from '../components/ConnectionForm';
import { useConnectionForm } from '../components/useConnectionForm';
import { hasUnsavedChanges } from '../connection-form';

interface ConnectStepProps {
  saved: ConnectionView | null;
  /** Why the user may not connect IOM (not the owner or an admin), or null. */
  readOnlyReason: string | null;
  onSaved: (connection: ConnectionView) => void;
  /** Saved and tested: the result, whatever it says (the next step shows it). */
  onTested: (result: ConnectionTestResponse) => void;
}

/** What the merchant needs before the form: an app registration that is an application user. */
function BeforeYouStart() {
  const headerId = useId();
  return (
    <Panel
      aria-labelledby={headerId}
      header="Before you start"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Text>You need a Microsoft Entra app registration that can sign in to your IOM environment:</Text>
      <Box as="ul" marginBottom="medium" paddingLeft="large">
        <li>
          <Link external href={REGISTER_APP_DOCS} rel="noreferrer" target="_blank">
            Register an app
          </Link>{' '}
          in Microsoft Entra ID and create a client secret.
        </li>
        <li>
          <Link external href={APPLICATION_USER_DOCS} rel="noreferrer" target="_blank">
            Add it as an application user
          </Link>{' '}
          of the environment, with a security role that can read and write orders.
        </li>
      </Box>
      <Text color="secondary60" margin="none">
        Each field says where to find its value. The secret is stored encrypted and never shown again.
      </Text>
    </Panel>
  );
}

/** Step 1: the environment URL, the app registration and the intake mode; Save and test. */
export function ConnectStep({ saved, readOnlyReason, onSaved, onTested }: ConnectStepProps) {
  const form = useConnectionForm(saved);

  const saveAndTest = async () => {
    const answer = await form.save();
    if (!answer) return;
    if (answer.connection) onSaved(answer.connection);
    const result = await form.test('The connection was saved, but the test could not run');
    // Tested: the next step shows the result (the button spins until then).
    if (result) onTested(result);
    else form.setActivity(null);
  };

  return (
    <Grid gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 2fr) minmax(0, 1fr)' }} gridGap="1rem">
      <GridItem style={{ minWidth: 0 }}>
        <ConnectionForm
          activity={form.activity}
          feedback={form.feedback}
          fieldErrors={form.fieldErrors}
          onChange={form.change}
          onSaveAndTest={() => void saveAndTest()}
          readOnlyReason={readOnlyReason}
          saved={saved}
          unsavedChanges={hasUnsavedChanges(form.values, saved)}
          values={form.values}
        />
      </GridItem>
      <GridItem>
        <BeforeYouStart />
      </GridItem>
    </Grid>
  );
}
