import {
  Box,
  Button,
  Fieldset,
  FieldsetDescription,
  Form,
  FormGroup,
  Link,
  Panel,
  Radio,
  Text,
} from '@bigcommerce/big-design';
import { useId, type FormEvent, type ReactNode } from 'react';
import styled from 'styled-components';

import type { ConnectionView } from '../../server/http/api-types';
import type { ConnectionField, ConnectionFormValues, FieldErrors, IntakeMode } from '../connection-form';
import { StickyActions } from './StickyActions';
import { TextField } from './TextField';
import { Notice, type NoticeItem } from './Notice';

/** What the page is doing; every button is disabled while anything runs. */
export type ConnectionActivity = 'save' | 'test' | 'create-key' | 'reactivate-key' | 'disconnect' | null;

export interface FormFeedback {
  type: 'success' | 'error';
  header: string;
  messages: NoticeItem[];
}

interface ConnectionFormProps {
  saved: ConnectionView | null;
  values: ConnectionFormValues;
  fieldErrors: FieldErrors;
  feedback: FormFeedback | null;
  unsavedChanges: boolean;
  activity: ConnectionActivity;
  onChange: (field: ConnectionField, value: string) => void;
  onSaveAndTest: () => void;
  /** Test the saved connection; no Test connection button without it. */
  onTest?: () => void;
  /** Ask before disconnecting; no Disconnect button without it. */
  onDisconnect?: () => void;
  /** The submit button's label (default "Save and test"). */
  submitLabel?: string;
  /** Set when the user may not change the connection: why, and whom to ask. The form is then
   *  read-only; Test connection still works. */
  readOnlyReason: string | null;
}

/** Microsoft's guides behind the values (opened in a new tab). */
export const REGISTER_APP_DOCS =
  'https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app';
export const APPLICATION_USER_DOCS =
  'https://learn.microsoft.com/en-us/power-platform/admin/manage-application-users';

function DocsLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link external href={href} rel="noreferrer" target="_blank">
      {children}
    </Link>
  );
}

/** A long value (a 300-character intake URL) wraps inside the card instead of widening it. */
const Wrap = styled.span`
  overflow-wrap: anywhere;
  word-break: break-word;
`;

const INTAKE_MODES: ReadonlyArray<{ value: IntakeMode; label: string; description: string }> = [
  {
    value: 'dataverse',
    label: 'Write sales orders to Dataverse (recommended)',
    description:
      'IOM Connector creates each order as a sales order through the Dataverse Web API, checks that it is there, and never creates it twice.',
  },
  {
    value: 'intake-provider',
    label: 'Send orders to my IOM intake provider',
    description:
      'For IOM set-ups that take orders in through a custom intake provider’s message-handler flow in Power Automate.',
  },
];

/** The connection settings: Dataverse environment, app registration, intake mode; Save and test. */
export function ConnectionForm({
  saved,
  values,
  fieldErrors,
  feedback,
  unsavedChanges,
  activity,
  onChange,
  onSaveAndTest,
  onTest,
  onDisconnect,
  submitLabel = 'Save and test',
  readOnlyReason,
}: ConnectionFormProps) {
  const headerId = useId();
  const reasonId = useId();
  const busy = activity !== null;
  const readOnly = readOnlyReason !== null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy && !readOnly) onSaveAndTest();
  };
  const savedIntakeUrl = saved?.intakeMode === 'intake-provider' ? saved.intakeUrl : null;

  return (
    <Panel
      aria-labelledby={headerId}
      description="The Dataverse environment where Intelligent Order Management runs, and the Microsoft Entra app registration IOM Connector signs in with."
      header="Connection details"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Form aria-labelledby={headerId} fullWidth noValidate onSubmit={submit} style={{ minWidth: 0 }}>
        {readOnly && (
          <div id={reasonId}>
            <Notice
              header={saved ? 'You can view and test this connection' : 'IOM is not connected yet'}
              marginBottom="large"
              messages={[{ text: readOnlyReason }]}
              type="info"
            />
          </div>
        )}
        {/* Spaced like the fieldsets that follow. */}
        <Box marginBottom="xLarge">
          <TextField
            autoComplete="off"
            description="Power Platform admin center → Environments → your environment → Environment URL."
            disabled={readOnly}
            error={fieldErrors.environmentUrl}
            inputMode="url"
            label="Dataverse environment URL"
            name="environmentUrl"
            onChange={(event) => onChange('environmentUrl', event.target.value)}
            placeholder="https://contoso.crm.dynamics.com"
            required
            spellCheck={false}
            type="url"
            value={values.environmentUrl}
          />
        </Box>

        <Fieldset
          description={
            <FieldsetDescription>
              It must be an application user of the environment with a security role that can read and write
              orders: <DocsLink href={REGISTER_APP_DOCS}>Register an app</DocsLink>,{' '}
              <DocsLink href={APPLICATION_USER_DOCS}>Add it as an application user</DocsLink>.
            </FieldsetDescription>
          }
          legend="App registration (Microsoft Entra ID)"
        >
          <TextField
            autoComplete="off"
            description="Microsoft Entra admin center → App registrations → your app → Overview → Directory (tenant) ID."
            disabled={readOnly}
            error={fieldErrors.tenantId}
            label="Directory (tenant) ID"
            name="tenantId"
            onChange={(event) => onChange('tenantId', event.target.value)}
            placeholder="00000000-0000-0000-0000-000000000000"
            required
            spellCheck={false}
            value={values.tenantId}
          />
          <TextField
            autoComplete="off"
            description="Microsoft Entra admin center → App registrations → your app → Overview → Application (client) ID."
            disabled={readOnly}
            error={fieldErrors.clientId}
            label="Application (client) ID"
            name="clientId"
            onChange={(event) => onChange('clientId', event.target.value)}
            placeholder="00000000-0000-0000-0000-000000000000"
            required
            spellCheck={false}
            value={values.clientId}
          />
          <TextField
            autoComplete="new-password"
            description={
              saved?.hasClientSecret
                ? 'Saved — leave empty to keep it. To replace it: Microsoft Entra admin center → App registrations → your app → Certificates & secrets → the secret’s Value.'
                : 'Microsoft Entra admin center → App registrations → your app → Certificates & secrets → New client secret → its Value (not its Secret ID).'
            }
            disabled={readOnly}
            error={fieldErrors.clientSecret}
            label="Client secret"
            name="clientSecret"
            onChange={(event) => onChange('clientSecret', event.target.value)}
            placeholder={saved?.hasClientSecret ? '••••••••••••' : undefined}
            required={!saved?.hasClientSecret}
            spellCheck={false}
            type="password"
            value={values.clientSecret}
          />
        </Fieldset>

        <Fieldset description="How IOM Connector hands each BigCommerce order to IOM." legend="Intake mode">
          <FormGroup errors={fieldErrors.intakeMode}>
            {INTAKE_MODES.map((mode) => (
              <Radio
                checked={values.intakeMode === mode.value}
                description={mode.description}
                disabled={readOnly}
                key={mode.value}
                label={mode.label}
                name="intakeMode"
                onChange={() => onChange('intakeMode', mode.value)}
                value={mode.value}
              />
            ))}
          </FormGroup>
          {values.intakeMode === 'intake-provider' && (
            <TextField
              autoComplete="off"
              description={
                savedIntakeUrl ? (
                  <>
                    Saved as <Wrap>{savedIntakeUrl}</Wrap> (its signature is hidden) — leave empty to keep it,
                    or paste a new URL.
                  </>
                ) : (
                  'The HTTP POST URL of your intake provider’s message-handler flow: Power Automate → the flow → the “When a HTTP request is received” trigger → HTTP POST URL.'
                )
              }
              disabled={readOnly}
              error={fieldErrors.intakeUrl}
              inputMode="url"
              label="Intake provider URL"
              name="intakeUrl"
              onChange={(event) => onChange('intakeUrl', event.target.value)}
              placeholder="https://prod-00.westus.logic.azure.com/workflows/…"
              required={!savedIntakeUrl}
              spellCheck={false}
              type="url"
              value={values.intakeUrl}
            />
          )}
        </Fieldset>

        {feedback && (
          <Notice
            role="alert"
            header={feedback.header}
            marginBottom="large"
            messages={feedback.messages}
            type={feedback.type}
          />
        )}
        {saved && unsavedChanges && (
          <Text color="secondary60" marginBottom="medium">
            You have unsaved changes. Test connection checks the saved settings; Save and test saves yours
            first.
          </Text>
        )}
        <StickyActions>
          <Button
            aria-describedby={readOnly ? reasonId : undefined}
            disabled={busy || readOnly}
            isLoading={activity === 'save'}
            type="submit"
          >
            {submitLabel}
          </Button>
          {saved && onTest && (
            <Button
              disabled={busy}
              isLoading={activity === 'test'}
              onClick={onTest}
              type="button"
              variant="secondary"
            >
              Test connection
            </Button>
          )}
          {saved && onDisconnect && (
            <Button
              actionType="destructive"
              aria-describedby={readOnly ? reasonId : undefined}
              disabled={busy || readOnly}
              marginLeft={{ tablet: 'auto' }}
              onClick={onDisconnect}
              type="button"
              variant="subtle"
            >
              Disconnect
            </Button>
          )}
        </StickyActions>
      </Form>
    </Panel>
  );
}
