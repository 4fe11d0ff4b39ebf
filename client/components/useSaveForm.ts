import { useState } from 'react';

import type { FieldErrorView } from '../../server/http/api-types';
import { asApiError } from '../api';
import type { NoticeItem } from './Notice';
import type { SaveFeedback } from './SaveFormPanel';

type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** What one settings form does on Save; the hook does the rest the same way for every form. */
export interface SaveFormSpec<Field extends string, Changes extends object, Response> {
  /** What differs from what is saved, read when Save is pressed: `{}` is "Nothing to save". */
  changes: () => Changes;
  /** Said when nothing differs, e.g. "No setting was changed." */
  nothingChanged: string;
  send: (changes: Changes) => Promise<Response>;
  /** Takes the saved response in (e.g. resets the form's values) and says what saving it means. */
  saved: (response: Response) => { header: string; text: string };
  /** The header of a refused save, e.g. "The settings were not saved". */
  notSaved: string;
  /** Sorts the server's field problems into the form's fields and the rest (shown as lines). */
  fieldErrors: (fields: readonly FieldErrorView[]) => { byField: FieldErrors<Field>; other: string[] };
  /** The line above the rest when fields are marked; by default "Check the fields marked below." */
  summarize?: (byField: FieldErrors<Field>) => string | null;
}

export interface SaveForm<Field extends string> {
  saving: boolean;
  feedback: SaveFeedback | null;
  errors: FieldErrors<Field>;
  /** For SaveFormPanel's onSave. */
  save: () => void;
  /** A field was changed: its error goes, and so does a "saved" that no longer describes the form. */
  edited: (field: Field) => void;
}

const markedBelow = (byField: object) =>
  Object.keys(byField).length > 0 ? 'Check the fields marked below.' : null;

/**
 * The save flow of a settings form (SaveFormPanel): "Nothing to save" when nothing changed, the saving
 * state, then either the saved outcome or the refusal with each field's problem at its field, the other
 * problems as lines, and the server's message and request id when it named no field.
 */
export function useSaveForm<Field extends string, Changes extends object, Response>(
  spec: SaveFormSpec<Field, Changes, Response>,
): SaveForm<Field> {
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [feedback, setFeedback] = useState<SaveFeedback | null>(null);
  const [saving, setSaving] = useState(false);

  const run = async () => {
    const changes = spec.changes();
    setErrors({});
    if (Object.keys(changes).length === 0) {
      setFeedback({ type: 'info', header: 'Nothing to save', messages: [{ text: spec.nothingChanged }] });
      return;
    }
    setSaving(true);
    setFeedback(null);
    try {
      const { header, text } = spec.saved(await spec.send(changes));
      setFeedback({ type: 'success', header, messages: [{ text }] });
    } catch (error) {
      const apiError = asApiError(error);
      const { byField, other } = spec.fieldErrors(apiError.fields);
      setErrors(byField);
      const summary = (spec.summarize ?? markedBelow)(byField);
      const messages: NoticeItem[] = [
        ...(summary ? [{ text: summary }] : []),
        ...other.map((text) => ({ text })),
      ];
      if (messages.length === 0) {
        messages.push({ text: apiError.message });
        if (apiError.requestId) messages.push({ text: `Request ID: ${apiError.requestId}` });
      }
      setFeedback({ type: 'error', header: spec.notSaved, messages });
    }
    setSaving(false);
  };

  return {
    saving,
    feedback,
    errors,
    save: () => void run(),
    edited: (field) => {
      setErrors((current) => ({ ...current, [field]: undefined }));
      setFeedback((current) => (current?.type === 'success' ? null : current));
    },
  };
}
