import { useState } from 'react';

import type { ConnectionTestResponse, ConnectionView } from '../../server/http/api-types';
import { asApiError, useApiSession, type ApiError } from '../api';
import {
  buildConnectionBody,
  describeFieldErrors,
  fieldErrorsOfResponse,
  formValuesFrom,
  validateConnectionForm,
  type ConnectionField,
  type ConnectionFormValues,
  type FieldErrors,
} from '../connection-form';
import { saveConnection, testConnection } from '../hooks/onboarding';
import type { ConnectionActivity, FormFeedback } from './ConnectionForm';

/** The server's message and its request id (for support), as a banner's lines. */
export function errorMessages(error: ApiError): FormFeedback['messages'] {
  return [{ text: error.message }, ...(error.requestId ? [{ text: `Request ID: ${error.requestId}` }] : [])];
}

export interface ConnectionFormState {
  values: ConnectionFormValues;
  fieldErrors: FieldErrors;
  feedback: FormFeedback | null;
  activity: ConnectionActivity;
  setFeedback: (feedback: FormFeedback | null) => void;
  setActivity: (activity: ConnectionActivity) => void;
  /** A field was typed in: its value changes and its error goes. */
  change: (field: ConnectionField, value: string) => void;
  /** The fields as a saved connection (or none) has them, without errors. */
  reset: (connection: ConnectionView | null) => void;
  /**
   * Checks every field, then saves them (activity `save`): the server's answer, or undefined when nothing
   * was saved (the fields and the banner say why, and the activity ends).
   */
  save: () => Promise<{ connection: ConnectionView | null } | undefined>;
  /** Runs every check on the saved connection: the result, or null when the test could not run (said under `failureHeader`). */
  test: (failureHeader: string) => Promise<ConnectionTestResponse | null>;
}

/**
 * The state and the writes of ConnectionForm, shared by the onboarding's first step and the IOM connection
 * page: the values, the field errors, the banner, what is running, Save and the test.
 */
export function useConnectionForm(saved: ConnectionView | null): ConnectionFormState {
  const session = useApiSession();
  const [values, setValues] = useState<ConnectionFormValues>(() => formValuesFrom(saved));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [feedback, setFeedback] = useState<FormFeedback | null>(null);
  const [activity, setActivity] = useState<ConnectionActivity>(null);

  const save = async () => {
    // Every empty or malformed field in one round, before anything is sent.
    const invalid = validateConnectionForm(values, saved);
    const invalidSummary = describeFieldErrors(invalid);
    setFieldErrors(invalid);
    if (invalidSummary) {
      setFeedback({
        type: 'error',
        header: 'The connection was not saved',
        messages: [{ text: invalidSummary }],
      });
      return undefined;
    }
    setActivity('save');
    setFeedback(null);
    try {
      const response = await saveConnection(session, buildConnectionBody(values));
      return { connection: response.connection };
    } catch (error) {
      const apiError = asApiError(error);
      const errors = apiError.status === 400 ? fieldErrorsOfResponse(apiError.fields, apiError.message) : {};
      const summary = describeFieldErrors(errors);
      setFieldErrors(errors);
      setFeedback({
        type: 'error',
        header: 'The connection was not saved',
        // The fields carry the server's words; the banner says which fields to look at.
        messages: summary ? [{ text: summary }] : errorMessages(apiError),
      });
      setActivity(null);
      return undefined;
    }
  };

  const test = async (failureHeader: string) => {
    try {
      return await testConnection(session);
    } catch (error) {
      setFeedback({ type: 'error', header: failureHeader, messages: errorMessages(asApiError(error)) });
      return null;
    }
  };

  return {
    values,
    fieldErrors,
    feedback,
    activity,
    setFeedback,
    setActivity,
    change: (field, value) => {
      setValues((current) => ({ ...current, [field]: value }));
      setFieldErrors((current) => ({ ...current, [field]: undefined }));
    },
    reset: (connection) => {
      setValues(formValuesFrom(connection));
      setFieldErrors({});
    },
    save,
    test,
  };
}
