/**
 * The IOM connection form without React: what the fields start with, what PUT /api/connection is sent,
 * whether anything is unsaved, which fields the server's validation message names, and how a test
 * result reads as one sentence.
 */
import type {
  ConnectionCheckStatus,
  ConnectionInputBody,
  ConnectionTestView,
  ConnectionView,
} from '../server/http/api-types';

export type IntakeMode = ConnectionInputBody['intakeMode'];

/** Every field of ConnectionInputBody, in form order; also the names the server's messages use. */
export const CONNECTION_FIELDS = [
  'environmentUrl',
  'tenantId',
  'clientId',
  'clientSecret',
  'intakeMode',
  'intakeUrl',
] as const;

export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

export type FieldErrors = Partial<Record<ConnectionField, string>>;

/** The form's label for each field, for messages that name them. */
export const FIELD_LABELS: Record<ConnectionField, string> = {
  environmentUrl: 'Dataverse environment URL',
  tenantId: 'Directory (tenant) ID',
  clientId: 'Application (client) ID',
  clientSecret: 'Client secret',
  intakeMode: 'Intake mode',
  intakeUrl: 'Intake provider URL',
};

/** "Fix the field marked …" for the fields that have errors, in form order; null if none has. */
export function describeFieldErrors(errors: FieldErrors): string | null {
  const labels = CONNECTION_FIELDS.filter((field) => errors[field]).map((field) => FIELD_LABELS[field]);
  if (labels.length === 0) return null;
  if (labels.length === 1) return `Fix the field marked in red: ${labels[0]}.`;
  const list = `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return `Fix the ${labels.length} fields marked in red: ${list}.`;
}

/** What the merchant has typed. Empty secret / intake URL fields mean "keep the saved one". */
export interface ConnectionFormValues {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  intakeMode: IntakeMode;
  intakeUrl: string;
}

/**
 * The form's starting values. The secret is never sent to the browser and the intake URL only with its
 * signature masked, so both start empty (sending the masked URL back would overwrite the real one).
 */
export function formValuesFrom(connection: ConnectionView | null): ConnectionFormValues {
  return {
    environmentUrl: connection?.environmentUrl ?? '',
    tenantId: connection?.tenantId ?? '',
    clientId: connection?.clientId ?? '',
    clientSecret: '',
    intakeMode: connection?.intakeMode ?? 'dataverse',
    intakeUrl: '',
  };
}

/** The PUT body: trimmed values; an empty secret is left out so the server keeps the saved one. */
export function buildConnectionBody(values: ConnectionFormValues): ConnectionInputBody {
  const body: ConnectionInputBody = {
    environmentUrl: values.environmentUrl.trim(),
    tenantId: values.tenantId.trim(),
    clientId: values.clientId.trim(),
    intakeMode: values.intakeMode,
  };
  const secret = values.clientSecret.trim();
  if (secret) body.clientSecret = secret;
  const intakeUrl = values.intakeUrl.trim();
  if (values.intakeMode === 'intake-provider' && intakeUrl) body.intakeUrl = intakeUrl;
  return body;
}

/** True when saving the form would change the saved connection (or there is none yet). */
export function hasUnsavedChanges(values: ConnectionFormValues, saved: ConnectionView | null): boolean {
  if (!saved) return true;
  return (
    values.environmentUrl.trim() !== saved.environmentUrl ||
    values.tenantId.trim().toLowerCase() !== saved.tenantId.toLowerCase() ||
    values.clientId.trim().toLowerCase() !== saved.clientId.toLowerCase() ||
    values.intakeMode !== saved.intakeMode ||
    values.clientSecret.trim() !== '' ||
    (values.intakeMode === 'intake-provider' && values.intakeUrl.trim() !== '')
  );
}

const FIELD_PATTERN = new RegExp(`(^|: |; )(${CONNECTION_FIELDS.join('|')})(?=[: ])`, 'g');

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Attaches the server's validation message to the fields it names. The server writes
 * "The IOM connection is not valid: tenantId: must be …; clientId: must be …." or
 * "The IOM connection is not valid: clientSecret is required the first time — …."; each clause runs
 * to the next field name (or the end) and becomes that field's error, e.g. "Must be …".
 */
export function parseFieldErrors(message: string): FieldErrors {
  const text = message.trim().replace(/\.$/, '');
  const starts = [...text.matchAll(FIELD_PATTERN)].map((match) => ({
    field: match[2] as ConnectionField,
    nameStart: match.index + (match[1] ?? '').length,
    clauseStart: match.index + match[0].length,
  }));
  const errors: FieldErrors = {};
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.nameStart ?? text.length;
    const clause = text
      .slice(start.clauseStart, end)
      .replace(/^:\s*/, '')
      .replace(/^\s*is\s+/, '')
      .replace(/[;:]?\s*$/, '')
      .trim();
    // One message per field: the first problem is the one to fix first (a second one, e.g. "must use
    // https://" after "is required", only repeats the example).
    if (!clause || errors[start.field]) return;
    errors[start.field] = sentenceCase(clause);
  });
  return errors;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i;
const ENVIRONMENT_EXAMPLE = 'https://contoso.crm.dynamics.com';
const INTAKE_EXAMPLE = 'https://prod-00.westus.logic.azure.com/workflows/…';

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Every empty or malformed field at once, one message each, before anything is sent (the server checks
 * again, and more: https, Dataverse hosts, public intake hosts). Empty when the form may be saved.
 */
export function validateConnectionForm(
  values: ConnectionFormValues,
  saved: ConnectionView | null,
): FieldErrors {
  const errors: FieldErrors = {};
  const environmentUrl = values.environmentUrl.trim();
  if (!environmentUrl) {
    errors.environmentUrl = `Required: paste the environment URL (example: ${ENVIRONMENT_EXAMPLE})`;
  } else if (!isWebUrl(environmentUrl)) {
    errors.environmentUrl = `Must be a full URL starting with https:// (example: ${ENVIRONMENT_EXAMPLE})`;
  }
  const tenantId = values.tenantId.trim();
  if (!tenantId) {
    errors.tenantId = 'Required: the Directory (tenant) ID from your app registration’s Overview';
  } else if (!GUID.test(tenantId) && !DOMAIN.test(tenantId)) {
    errors.tenantId =
      'Must be the Directory (tenant) ID, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (or the tenant domain)';
  }
  const clientId = values.clientId.trim();
  if (!clientId) {
    errors.clientId = 'Required: the Application (client) ID from your app registration’s Overview';
  } else if (!GUID.test(clientId)) {
    errors.clientId = 'Must be the Application (client) ID, a GUID like 0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f';
  }
  if (!values.clientSecret.trim() && !saved?.hasClientSecret) {
    errors.clientSecret = 'Required: paste the secret’s Value from Certificates & secrets';
  }
  if (values.intakeMode === 'intake-provider') {
    const intakeUrl = values.intakeUrl.trim();
    const savedIntakeUrl = saved?.intakeMode === 'intake-provider' ? saved.intakeUrl : null;
    if (!intakeUrl && !savedIntakeUrl) {
      errors.intakeUrl = `Required in intake-provider mode: the flow’s HTTP POST URL (example: ${INTAKE_EXAMPLE})`;
    } else if (intakeUrl && !isWebUrl(intakeUrl)) {
      errors.intakeUrl = `Must be a full URL starting with https:// (example: ${INTAKE_EXAMPLE})`;
    }
  }
  return errors;
}

/** The errors to show for a refused save: the API's `error.fields` if it named any, else its message. */
export function fieldErrorsOfResponse(
  fields: ReadonlyArray<{ field: string; message: string }>,
  message: string,
): FieldErrors {
  const named = fields.filter((f): f is { field: ConnectionField; message: string } =>
    (CONNECTION_FIELDS as readonly string[]).includes(f.field),
  );
  if (named.length === 0) return parseFieldErrors(message);
  const errors: FieldErrors = {};
  for (const { field, message: text } of named) {
    errors[field] ??= sentenceCase(text.replace(/^\s*is\s+/, '').replace(/\.$/, ''));
  }
  return errors;
}

export const CHECK_STATUS_LABELS: Record<ConnectionCheckStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skip: 'Skipped',
};

export interface TestSummary {
  type: 'success' | 'error';
  header: string;
  text: string;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The banner over the check list: connected or not, and what to look at. */
export function summarizeTest(result: ConnectionTestView): TestSummary {
  const total = result.checks.length;
  const failed = result.checks.filter((check) => check.status === 'fail').length;
  const warned = result.checks.filter((check) => check.status === 'warn').length;
  const skipped = result.checks.filter((check) => check.status === 'skip').length;
  if (!result.ok || failed > 0) {
    const skippedText =
      skipped > 0 ? ` ${count(skipped, 'check was', 'checks were')} skipped until then.` : '';
    return {
      type: 'error',
      header: 'Not connected yet — fix the failed checks below',
      text: `${failed} of ${count(total, 'check', 'checks')} failed.${skippedText}`,
    };
  }
  if (warned > 0) {
    return {
      type: 'success',
      header: `Connected, with ${count(warned, 'warning', 'warnings')}`,
      text: `No check failed, so IOM Connector can reach IOM. ${warned === 1 ? 'The warning below says' : 'The warnings below say'} how to make the connection sturdier.`,
    };
  }
  return {
    type: 'success',
    header: 'Connected — every check passed',
    text: `All ${count(total, 'check', 'checks')} passed: IOM Connector can reach IOM with these settings.`,
  };
}
