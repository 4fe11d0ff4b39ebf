import { Button, Form, Panel } from '@bigcommerce/big-design';
import { useId, useState, type FormEvent, type ReactNode } from 'react';

import type { SettingsResponse, SettingsView } from '../../server/http/api-types';
import { asApiError, useApiSession } from '../api';
import { Notice } from '../components/Notice';
import { StickyActions } from '../components/StickyActions';
import { saveSettings } from '../hooks/relay';
import { describeSettingsErrors, settingsFieldErrors, type SettingsFieldErrors } from '../settings-form';

export interface SettingsStepSave {
  saving: boolean;
  /** Each field's problem, shown at its field. */
  errors: SettingsFieldErrors;
  /** What stopped the save, in one line (null: nothing). */
  problem: string | null;
  /** Saves these settings; on success the step hands the response on, else the problems show. */
  save: (changes: Partial<SettingsView>) => void;
  /** The step refuses before asking the server, e.g. no status ticked. */
  refuse: (errors: SettingsFieldErrors, problem: string) => void;
}

/** The save of an onboarding step that writes settings: saving state, field errors and the one-line problem. */
export function useSettingsStepSave(onSaved: (response: SettingsResponse) => void): SettingsStepSave {
  const session = useApiSession();
  const [errors, setErrors] = useState<SettingsFieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (changes: Partial<SettingsView>) => {
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      onSaved(await saveSettings(session, changes));
    } catch (error) {
      const apiError = asApiError(error);
      const { byField, other } = settingsFieldErrors(apiError.fields);
      setErrors(byField);
      setProblem(describeSettingsErrors(byField) ?? (other.join(' ') || apiError.message));
    }
    setSaving(false);
  };

  return {
    saving,
    errors,
    problem,
    save: (changes) => void save(changes),
    refuse: (next, text) => {
      setErrors(next);
      setProblem(text);
    },
  };
}

interface SettingsStepFormProps {
  header: string;
  /** The problem's title, e.g. "The defaults were not saved". */
  notSaved: string;
  step: Pick<SettingsStepSave, 'saving' | 'problem'>;
  /** Save and continue was pressed (never while saving). */
  onSubmit: () => void;
  onBack: () => void;
  /** Save and continue is off for another reason too (e.g. IOM's lists are loading). */
  disabled?: boolean;
  children: ReactNode;
}

/**
 * The frame of an onboarding step that saves settings: a panel with one form, the fields, what stopped the
 * save, and the sticky "Save and continue" / "Back" bar.
 */
export function SettingsStepForm({
  header,
  notSaved,
  step,
  onSubmit,
  onBack,
  disabled,
  children,
}: SettingsStepFormProps) {
  const headerId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!step.saving) onSubmit();
  };
  return (
    <Panel aria-labelledby={headerId} header={header} headerId={headerId} margin="none" role="region">
      <Form aria-labelledby={headerId} fullWidth noValidate onSubmit={submit}>
        {children}
        {step.problem && (
          <Notice header={notSaved} marginTop="medium" messages={[{ text: step.problem }]} type="error" />
        )}
        <StickyActions>
          <Button disabled={disabled} isLoading={step.saving} type="submit">
            Save and continue
          </Button>
          <Button disabled={step.saving} onClick={onBack} type="button" variant="subtle">
            Back
          </Button>
        </StickyActions>
      </Form>
    </Panel>
  );
}
