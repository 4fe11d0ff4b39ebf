import { Box, Grid, GridItem, Link, Panel, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { ConnectionTestResponse, ConnectionView } from '../../server/http/api-types';
import { asApiError, useApiSession, type ApiError } from '../api';
import {
  APPLICATION_USER_DOCS,
  ConnectionForm,
  REGISTER_APP_DOCS,
  type ConnectionActivity,
  type FormFeedback,
} from '../components/ConnectionForm';
import {
  buildConnectionBody,
  describeFieldErrors,
  fieldErrorsOfResponse,
  formValuesFrom,
  hasUnsavedChanges,
  validateConnectionForm,
  type ConnectionField,
  type ConnectionFormValues,
  type FieldErrors,
} from '../connection-form';
import { saveConnection, testConnection } from '../hooks/onboarding';

function errorMessages(error: ApiError): FormFeedback['messages'] {
  return [{ text: error.message }, ...(error.requestId ? [{ text: `Request ID: ${error.requestId}` }] : [])];
}

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
  const session = useApiSession();
  const [values, setValues] = useState<ConnectionFormValues>(() => formValuesFrom(saved));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [feedback, setFeedback] = useState<FormFeedback | null>(null);
  const [activity, setActivity] = useState<ConnectionActivity>(null);

  const change = (field: ConnectionField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors((current) => ({ ...current, [field]: undefined }));
  };

  const saveAndTest = async () => {
    const invalid = validateConnectionForm(values, saved);
    const summary = describeFieldErrors(invalid);
    setFieldErrors(invalid);
    if (summary) {
      setFeedback({ type: 'error', header: 'The connection was not saved', messages: [{ text: summary }] });
      return;
    }
    setFeedback(null);
    setActivity('save');
    try {
      const response = await saveConnection(session, buildConnectionBody(values));
      if (response.connection) onSaved(response.connection);
    } catch (error) {
      const apiError = asApiError(error);
      const errors = apiError.status === 400 ? fieldErrorsOfResponse(apiError.fields, apiError.message) : {};
      setFieldErrors(errors);
      setFeedback({
        type: 'error',
        header: 'The connection was not saved',
        messages: describeFieldErrors(errors)
          ? [{ text: describeFieldErrors(errors) ?? '' }]
          : errorMessages(apiError),
      });
      setActivity(null);
      return;
    }
    try {
      onTested(await testConnection(session));
    } catch (error) {
      setFeedback({
        type: 'error',
        header: 'The connection was saved, but the test could not run',
        messages: errorMessages(asApiError(error)),
      });
      setActivity(null);
    }
  };

  return (
    <Grid gridColumns={{ mobile: 'minmax(0, 1fr)', desktop: 'minmax(0, 2fr) minmax(0, 1fr)' }} gridGap="1rem">
      <GridItem style={{ minWidth: 0 }}>
        <ConnectionForm
          activity={activity}
          feedback={feedback}
          fieldErrors={fieldErrors}
          onChange={change}
          onSaveAndTest={() => void saveAndTest()}
          readOnlyReason={readOnlyReason}
          saved={saved}
          unsavedChanges={hasUnsavedChanges(values, saved)}
          values={values}
        />
      </GridItem>
      <GridItem>
        <BeforeYouStart />
      </GridItem>
    </Grid>
  );
}
