import { Box, Checkbox, Grid, Text } from '@bigcommerce/big-design';
import { useId, useState } from 'react';

import type { SettingsResponse } from '../../server/http/api-types';
import { TextField } from '../components/TextField';
import { SettingsStepForm, useSettingsStepSave } from './SettingsStepForm';
import { todayIsoDate } from './steps';

interface FilterStepProps {
  saved: SettingsResponse;
  onSaved: (response: SettingsResponse) => void;
  onBack: () => void;
}

/** Step 4: which BigCommerce orders go to IOM: their statuses, and from which day on. */
export function FilterStep({ saved, onSaved, onBack }: FilterStepProps) {
  const step = useSettingsStepSave(onSaved);
  const statusesId = useId();
  const [statuses, setStatuses] = useState<number[]>(() => [...saved.settings.statusAllowList]);
  // No go-live date yet: suggest today, so older orders are not sent by surprise.
  const [goLiveDate, setGoLiveDate] = useState(
    () => saved.settings.goLiveDate?.slice(0, 10) ?? todayIsoDate(),
  );

  const toggle = (id: number, on: boolean) =>
    setStatuses((current) => (on ? [...current, id] : current.filter((other) => other !== id)));

  const submit = () => {
    if (statuses.length === 0) {
      step.refuse(
        { statusAllowList: 'Choose at least one status: orders with these statuses are sent to IOM.' },
        'Fix the field marked in red: Statuses to import.',
      );
      return;
    }
    step.save({ statusAllowList: statuses, goLiveDate: goLiveDate || null });
  };

  return (
    <SettingsStepForm
      header="Choose which orders go to IOM"
      notSaved="The import filter was not saved"
      onBack={onBack}
      onSubmit={submit}
      step={step}
    >
      <Box marginBottom="medium" style={{ maxWidth: '20rem' }}>
        <TextField
          description="Orders placed before this day are not sent. Leave it empty to send older orders too when they change."
          error={step.errors.goLiveDate}
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
        {step.errors.statusAllowList && (
          <Text color="danger" marginTop="small">
            {step.errors.statusAllowList}
          </Text>
        )}
      </Box>
    </SettingsStepForm>
  );
}
