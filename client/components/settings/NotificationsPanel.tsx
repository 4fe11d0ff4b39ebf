import { Box, Button, Checkbox, FormGroup, Switch, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SessionResponse, SettingsResponse } from '../../../server/http/api-types';
import { manageRefusal } from '../../access';
import { asApiError, useApiSession } from '../../api';
import { saveNotificationSettings, sendTestEmail } from '../../hooks/settings';
import { TextField } from '../TextField';
import { MAX_RECIPIENTS, notificationErrors, recipientList } from './recipients';
import { SaveFormPanel, type SaveFeedback } from '../SaveFormPanel';
import { Notice } from '../Notice';

interface NotificationsPanelProps {
  saved: SettingsResponse;
  access: SessionResponse;
  onSaved: (response: SettingsResponse) => void;
}

/** Who gets the failure e-mails (digest, connection notices), a test e-mail, and whether e-mail is set up at all. */
export function NotificationsPanel({ saved, access, onSaved }: NotificationsPanelProps) {
  const session = useApiSession();
  const switchId = useId();
  const initial = saved.settings.notifications;
  const [enabled, setEnabled] = useState(initial.enabled);
  const [digest, setDigest] = useState(initial.digest);
  const [connectionNotices, setConnectionNotices] = useState(initial.connectionNotices);
  const [rows, setRows] = useState<string[]>(initial.recipients.length > 0 ? [...initial.recipients] : ['']);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [feedback, setFeedback] = useState<SaveFeedback | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const refusal = manageRefusal(access, 'change who gets the failure e-mails');
  const readOnly = refusal !== null;
  const mail = saved.mail;

  const showErrors = (error: unknown, header: string) => {
    const apiError = asApiError(error);
    const { byRow, list, other } = notificationErrors(apiError.fields, rows);
    setRowErrors(byRow);
    const messages = [
      ...(Object.keys(byRow).length > 0 ? [{ text: 'Fix the addresses marked in red.' }] : []),
      ...(list ? [{ text: list }] : []),
      ...other.map((text) => ({ text })),
    ];
    if (messages.length === 0) messages.push({ text: apiError.message });
    setFeedback({ type: 'error', header, messages });
  };

  const save = async () => {
    setBusy('save');
    setRowErrors({});
    setFeedback(null);
    try {
      const response = await saveNotificationSettings(session, {
        enabled,
        digest,
        connectionNotices,
        recipients: recipientList(rows),
      });
      onSaved(response);
      const next = response.settings.notifications;
      setRows(next.recipients.length > 0 ? [...next.recipients] : ['']);
      setFeedback({
        type: 'success',
        header: 'Notification settings saved',
        messages: [
          {
            text: next.enabled
              ? `E-mails go to ${next.recipients.join(', ')}.`
              : 'Notifications are off: no e-mails are sent.',
          },
        ],
      });
    } catch (error) {
      showErrors(error, 'The notification settings were not saved');
    }
    setBusy(null);
  };

  const test = async () => {
    setBusy('test');
    setRowErrors({});
    setFeedback(null);
    try {
      const sent = await sendTestEmail(session, recipientList(rows));
      setFeedback({
        type: 'success',
        header: 'Test e-mail sent',
        messages: [
          { text: `Sent to ${sent.sentTo.join(', ')}. If it does not arrive, check the spam folder.` },
        ],
      });
    } catch (error) {
      showErrors(error, 'The test e-mail was not sent');
    }
    setBusy(null);
  };

  const setRow = (index: number, value: string) => {
    setRows((current) => current.map((row, i) => (i === index ? value : row)));
    setRowErrors((current) => ({ ...current, [index]: '' }));
  };

  return (
    <SaveFormPanel
      description={`E-mails when orders need attention (a digest at most every ${mail.digestIntervalMinutes} minutes) and when the connection to IOM goes down or comes back.`}
      feedback={feedback}
      header="Notifications"
      onSave={() => void save()}
      saving={busy === 'save'}
      busy={busy !== null}
      readOnlyReason={refusal}
      spaceAbove="none"
      notice={
        <>
          {' '}
          {!mail.configured && (
            <Notice
              header="SMTP not configured"
              marginBottom="medium"
              messages={[
                {
                  text: 'This app cannot send e-mail yet: whoever runs it sets SMTP_URL (and NOTIFY_FROM) in its environment. You can choose the recipients now; nothing is sent until then.',
                },
              ]}
              type="warning"
            />
          )}
        </>
      }
    >
      <FormGroup>
        <Box style={{ display: 'flex', alignItems: 'center', gap: '0.75rem', paddingLeft: '0.25rem' }}>
          <Switch
            checked={enabled}
            disabled={readOnly}
            aria-labelledby={`${switchId}-label`}
            id={switchId}
            name="notificationsEnabled"
            onChange={(event) => setEnabled(event.target.checked)}
          />
          <Text as="span" bold margin="none">
            <label htmlFor={switchId} id={`${switchId}-label`}>
              Send failure e-mails
            </label>
          </Text>
        </Box>
      </FormGroup>
      <FormGroup>
        <Checkbox
          checked={digest}
          disabled={readOnly}
          label="Digest of orders that need attention"
          onChange={(event) => setDigest(event.target.checked)}
        />
        <Checkbox
          checked={connectionNotices}
          disabled={readOnly}
          label="When the connection to IOM goes down or comes back"
          onChange={(event) => setConnectionNotices(event.target.checked)}
        />
      </FormGroup>
      {rows.map((row, index) => (
        <TextField
          // Rows have no identity besides their position.
          key={index}
          disabled={readOnly}
          error={rowErrors[index] || undefined}
          label={`Recipient ${index + 1}`}
          name={`recipient-${index}`}
          onChange={(event) => setRow(index, event.target.value)}
          placeholder="ops@example.com"
          type="email"
          value={row}
        />
      ))}
      <Box style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        <Button
          disabled={readOnly || rows.length >= MAX_RECIPIENTS}
          onClick={() => setRows((current) => [...current, ''])}
          type="button"
          variant="secondary"
        >
          Add recipient
        </Button>
        <Button
          disabled={readOnly || !mail.configured || busy !== null}
          isLoading={busy === 'test'}
          onClick={() => void test()}
          type="button"
          variant="secondary"
        >
          Send test e-mail
        </Button>
      </Box>
      {mail.from && (
        <Text color="secondary60" margin="none" marginTop="small">
          E-mails come from {mail.from}.
        </Text>
      )}
    </SaveFormPanel>
  );
}
