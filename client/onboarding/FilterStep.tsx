import { Box, Button, Checkbox, Form, Grid, Panel, Text } from '@bigcommerce/big-design';
import { useId, useState, type FormEvent } from 'react';

import type { SettingsResponse } from '../../server/http/api-types';
import { asApiError, useApiSession } from '../api';
import { StickyActions } from '../components/StickyActions';
import { TextField } from '../components/TextField';
import { saveSettings } from '../hooks/relay';
import { describeSettingsErrors, settingsFieldErrors, type SettingsFieldErrors } from '../settings-form';
import { todayIsoDate } from './steps';
import { Notice } from '../components/Notice';

interface FilterStepProps {
  saved: SettingsResponse;
  onSaved: (response: SettingsResponse) => void;
  onBack: () => void;
}

/** Step 4: which BigCommerce orders go to IOM: their statuses, and from which day on. */
export function FilterStep({ saved, onSaved, onBack }: FilterStepProps) {
  const session = useApiSession();
  const headerId = useId();
  const statusesId = useId();
  const [statuses, setStatuses] = useState<number[]>(() => [...saved.settings.statusAllowList]);
  // No go-live date yet: suggest today, so older orders are not sent by surprise.
  const [goLiveDate, setGoLiveDate] = useState(
    () => saved.settings.goLiveDate?.slice(0, 10) ?? todayIsoDate(),
  );
  const [errors, setErrors] = useState<SettingsFieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const toggle = (id: number, on: boolean) =>
    setStatuses((current) => (on ? [...current, id] : current.filter((other) => other !== id)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (statuses.length === 0) {
      setErrors({
        statusAllowList: 'Choose at least one status: orders with these statuses are sent to IOM.',
      });
      setProblem('Fix the field marked in red: Statuses to import.');
      return;
    }
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      onSaved(await saveSettings(session, { statusAllowList: statuses, goLiveDate: goLiveDate || null }));
    } catch (error) {
      const apiError = asApiError(error);
      const { byField, other } = settingsFieldErrors(apiError.fields);
      setErrors(byField);
      setProblem(describeSettingsErrors(byField) ?? (other.join(' ') || apiError.message));
    }
    setSaving(false);
  };

  return (
    <Panel
      aria-labelledby={headerId}
      header="Choose which orders go to IOM"
      headerId={headerId}
      margin="none"
      role="region"
    >
      <Form aria-labelledby={headerId} fullWidth noValidate onSubmit={(event) => void submit(event)}>
        <Box marginBottom="medium" style={{ maxWidth: '20rem' }}>
          <TextField
            description="Orders placed before this day are not sent. Leave it empty to send older orders too when they change."
            error={errors.goLiveDate}
            label="Go-live date"
            name="goLiveDate"
            onChange={(event) => setGoLiveDate(event.target.value)}
            type="date"
            value={goLiveDate}
          />
        </Box>
        <Box aria-describedby={statusesId} aria-labelledby={`${statusesId}-label`} role="group">
          <Text bold id={`${statusesId}-label`} margin="none">
            Statuses to import
          </Text>
          <Text color="secondary60" id={statusesId} marginBottom="small">
            An order is sent once it has one of these statuses (BigCommerce’s defaults for paid orders are
            ticked).
          </Text>
          <Grid
            gridColumns={{ mobile: 'minmax(0, 1fr)', tablet: 'repeat(3, minmax(0, 1fr))' }}
            gridGap="0.25rem 1rem"
          >
            {Object.entries(saved.statuses).map(([id, name]) => (
              <Checkbox
                checked={statuses.includes(Number(id))}
                key={id}
                label={name}
                onChange={(event) => toggle(Number(id), event.target.checked)}
              />
            ))}
          </Grid>
          {errors.statusAllowList && (
            <Text color="danger" marginTop="small">
              {errors.statusAllowList}
            </Text>
          )}
        </Box>
        {problem && (
          <Notice
            header="The import filter was not saved"
            marginTop="medium"
            messages={[{ text: problem }]}
            type="error"
          />
        )}
        <StickyActions>
          <Button isLoading={saving} type="submit">
            Save and continue
          </Button>
          <Button disabled={saving} onClick={onBack} type="button" variant="subtle">
            Back
          </Button>
        </StickyActions>
      </Form>
    </Panel>
  );
}
