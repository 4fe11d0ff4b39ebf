import type { ConnectionTestView, ConnectionView } from '../../server/http/api-types';
import {
  buildConnectionBody,
  describeFieldErrors,
  formValuesFrom,
  hasUnsavedChanges,
  parseFieldErrors,
  validateConnectionForm,
  fieldErrorsOfResponse,
  summarizeTest,
  type ConnectionFormValues,
} from '../../client/connection-form';

const SAVED: ConnectionView = {
  environmentUrl: 'https://contoso.crm.dynamics.com',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
  hasClientSecret: true,
  intakeMode: 'intake-provider',
  intakeUrl: 'https://prod-00.westus.logic.azure.com/workflows/abc/invoke?api-version=1&sig=••••••',
  updatedAt: '2026-03-04T15:30:00.000Z',
  lastTest: null,
};

const TYPED: ConnectionFormValues = {
  environmentUrl: '  https://contoso.crm.dynamics.com ',
  tenantId: ' 72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f ',
  clientSecret: ' s3cret ',
  intakeMode: 'dataverse',
  intakeUrl: '',
};

describe('formValuesFrom', () => {
  it('starts empty in Dataverse mode when nothing is saved', () => {
    expect(formValuesFrom(null)).toEqual({
      environmentUrl: '',
      tenantId: '',
      clientId: '',
      clientSecret: '',
      intakeMode: 'dataverse',
      intakeUrl: '',
    });
  });

  it('starts from the saved connection, but never with the secret or the masked intake URL', () => {
    expect(formValuesFrom(SAVED)).toEqual({
      environmentUrl: SAVED.environmentUrl,
      tenantId: SAVED.tenantId,
      clientId: SAVED.clientId,
      clientSecret: '',
      intakeMode: 'intake-provider',
      intakeUrl: '',
    });
  });
});

describe('buildConnectionBody', () => {
  it('sends trimmed values and the typed secret', () => {
    expect(buildConnectionBody(TYPED)).toEqual({
      environmentUrl: 'https://contoso.crm.dynamics.com',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
      clientSecret: 's3cret',
      intakeMode: 'dataverse',
    });
  });

  it('leaves an empty (or blank) secret out, so the server keeps the saved one', () => {
    expect(buildConnectionBody({ ...TYPED, clientSecret: '   ' })).not.toHaveProperty('clientSecret');
  });

  it('sends the intake URL only in intake-provider mode, and only when one was typed', () => {
    const url = 'https://prod-00.westus.logic.azure.com/workflows/abc/invoke?sig=real';
    expect(buildConnectionBody({ ...TYPED, intakeUrl: url })).not.toHaveProperty('intakeUrl');
    expect(
      buildConnectionBody({ ...TYPED, intakeMode: 'intake-provider', intakeUrl: ` ${url} ` }),
    ).toMatchObject({
      intakeMode: 'intake-provider',
      intakeUrl: url,
    });
    expect(buildConnectionBody({ ...TYPED, intakeMode: 'intake-provider' })).not.toHaveProperty('intakeUrl');
  });
});

describe('hasUnsavedChanges', () => {
  const unchanged = formValuesFrom(SAVED);

  it('is true while nothing is saved', () => {
    expect(hasUnsavedChanges(formValuesFrom(null), null)).toBe(true);
  });

  it('is false for the saved values, whitespace and letter case of the ids aside', () => {
    expect(hasUnsavedChanges(unchanged, SAVED)).toBe(false);
    expect(hasUnsavedChanges({ ...unchanged, tenantId: ` ${SAVED.tenantId.toUpperCase()} ` }, SAVED)).toBe(
      false,
    );
  });

  it.each([
    ['the environment URL', { environmentUrl: 'https://fabrikam.crm.dynamics.com' }],
    ['the client id', { clientId: '11111111-2222-3333-4444-555555555555' }],
    ['the intake mode', { intakeMode: 'dataverse' as const }],
    ['a new secret', { clientSecret: 'new' }],
    ['a new intake URL', { intakeUrl: 'https://example.com/new' }],
  ])('is true after changing %s', (_what, change) => {
    expect(hasUnsavedChanges({ ...unchanged, ...change }, SAVED)).toBe(true);
  });
});

describe('parseFieldErrors', () => {
  it('attaches each clause of the server message to the field it names', () => {
    const message =
      'The IOM connection is not valid: environmentUrl: must be a full URL (example: https://contoso.crm.dynamics.com); tenantId: must be the Directory (tenant) ID, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (or the tenant domain); clientId: must be the Application (client) ID, a GUID like 0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f.';
    expect(parseFieldErrors(message)).toEqual({
      environmentUrl: 'Must be a full URL (example: https://contoso.crm.dynamics.com)',
      tenantId:
        'Must be the Directory (tenant) ID, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (or the tenant domain)',
      clientId: 'Must be the Application (client) ID, a GUID like 0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
    });
  });

  it('reads a field named without a colon ("clientSecret is required …")', () => {
    expect(
      parseFieldErrors(
        'The IOM connection is not valid: clientSecret is required the first time — paste the secret Value from Certificates & secrets.',
      ),
    ).toEqual({
      clientSecret: 'Required the first time — paste the secret Value from Certificates & secrets',
    });
    expect(
      parseFieldErrors(
        'The IOM connection is not valid: intakeUrl is required in intake-provider mode — copy the HTTP POST URL of your intake provider’s message handler flow.',
      ),
    ).toEqual({
      intakeUrl:
        'Required in intake-provider mode — copy the HTTP POST URL of your intake provider’s message handler flow',
    });
  });

  it('keeps colons inside a clause, and keeps one message per field (the first problem)', () => {
    expect(
      parseFieldErrors(
        'The IOM connection is not valid: environmentUrl: is required (example: https://contoso.crm.dynamics.com); environmentUrl: The environment URL must use https:// (example: https://contoso.crm.dynamics.com); intakeMode: must be "dataverse" (write sales orders through the Web API) or "intake-provider" (send orders to your IOM intake provider).',
      ),
    ).toEqual({
      environmentUrl: 'Required (example: https://contoso.crm.dynamics.com)',
      intakeMode:
        'Must be "dataverse" (write sales orders through the Web API) or "intake-provider" (send orders to your IOM intake provider)',
    });
  });

  it('finds no field in a message that names none, or only mentions one inside a word', () => {
    expect(parseFieldErrors('The request body is not valid JSON.')).toEqual({});
    expect(parseFieldErrors('The IOM connection is not valid: myclientIdentifier: nope.')).toEqual({});
    expect(parseFieldErrors('')).toEqual({});
  });
});

describe('describeFieldErrors', () => {
  it('names the fields with errors by their labels, in form order', () => {
    expect(describeFieldErrors({})).toBeNull();
    expect(describeFieldErrors({ clientSecret: 'Required' })).toBe(
      'Fix the field marked in red: Client secret.',
    );
    expect(describeFieldErrors({ clientId: 'x', environmentUrl: 'y' })).toBe(
      'Fix the 2 fields marked in red: Dataverse environment URL and Application (client) ID.',
    );
    expect(describeFieldErrors({ intakeUrl: 'x', tenantId: 'y', environmentUrl: 'z' })).toBe(
      'Fix the 3 fields marked in red: Dataverse environment URL, Directory (tenant) ID and Intake provider URL.',
    );
  });
});

describe('summarizeTest', () => {
  const result = (statuses: Array<'pass' | 'fail' | 'warn' | 'skip'>): ConnectionTestView => ({
    ok: !statuses.includes('fail'),
    testedAt: '2026-03-04T15:30:00.000Z',
    checks: statuses.map((status, index) => ({
      id: `c${index}`,
      label: `Check ${index}`,
      status,
      message: '',
    })),
  });

  it('says connected when every check passed', () => {
    expect(summarizeTest(result(['pass', 'pass', 'pass']))).toEqual({
      type: 'success',
      header: 'Connected — every check passed',
      text: 'All 3 checks passed: IOM Connector can reach IOM with these settings.',
    });
  });

  it('says connected with warnings when no check failed but some warn', () => {
    expect(summarizeTest(result(['pass', 'warn']))).toMatchObject({
      type: 'success',
      header: 'Connected, with 1 warning',
    });
    expect(summarizeTest(result(['warn', 'warn'])).header).toBe('Connected, with 2 warnings');
  });

  it('says not connected, counting failed and skipped checks, when any check failed', () => {
    expect(summarizeTest(result(['fail', 'skip', 'skip']))).toEqual({
      type: 'error',
      header: 'Not connected yet — fix the failed checks below',
      text: '1 of 3 checks failed. 2 checks were skipped until then.',
    });
    expect(summarizeTest(result(['pass', 'fail', 'warn'])).text).toBe('1 of 3 checks failed.');
  });
});

describe('validateConnectionForm', () => {
  const EMPTY = {
    environmentUrl: '',
    tenantId: '',
    clientId: '',
    clientSecret: '',
    intakeMode: 'intake-provider' as const,
    intakeUrl: '',
  };

  it('reports every empty field of a new connection at once, one message each', () => {
    const errors = validateConnectionForm(EMPTY, null);
    expect(Object.keys(errors).sort()).toEqual(
      ['clientId', 'clientSecret', 'environmentUrl', 'intakeUrl', 'tenantId'].sort(),
    );
    for (const message of Object.values(errors)) expect(message).not.toContain(';');
    expect(errors.clientSecret).toMatch(/^Required: paste the secret’s Value/);
  });

  it('says what is malformed, and accepts what the server would', () => {
    const errors = validateConnectionForm(
      {
        ...EMPTY,
        environmentUrl: 'contoso.crm.dynamics.com',
        tenantId: 'my tenant',
        clientId: '12345',
        clientSecret: 's',
        intakeUrl: 'nope',
      },
      null,
    );
    expect(errors).toEqual({
      environmentUrl: 'Must be a full URL starting with https:// (example: https://contoso.crm.dynamics.com)',
      tenantId:
        'Must be the Directory (tenant) ID, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (or the tenant domain)',
      clientId: 'Must be the Application (client) ID, a GUID like 0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
      intakeUrl:
        'Must be a full URL starting with https:// (example: https://prod-00.westus.logic.azure.com/workflows/…)',
    });
    expect(
      validateConnectionForm(
        {
          environmentUrl: 'https://contoso.crm.dynamics.com',
          tenantId: 'contoso.onmicrosoft.com',
          clientId: '0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f',
          clientSecret: 'secret',
          intakeMode: 'dataverse',
          intakeUrl: '',
        },
        null,
      ),
    ).toEqual({});
  });

  it('does not ask again for a saved secret or intake URL', () => {
    const errors = validateConnectionForm(
      { ...EMPTY, environmentUrl: SAVED.environmentUrl, tenantId: SAVED.tenantId, clientId: SAVED.clientId },
      {
        ...SAVED,
        hasClientSecret: true,
        intakeMode: 'intake-provider',
        intakeUrl: 'https://example.com/x?sig=••••••',
      },
    );
    expect(errors).toEqual({});
  });
});

describe('fieldErrorsOfResponse', () => {
  it('prefers error.fields, one message per field, and falls back to the message', () => {
    expect(
      fieldErrorsOfResponse(
        [
          { field: 'clientId', message: 'is required: the Application (client) ID' },
          { field: 'clientId', message: 'must be a GUID' },
          { field: 'other', message: 'ignored' },
        ],
        'whatever',
      ),
    ).toEqual({ clientId: 'Required: the Application (client) ID' });
    expect(fieldErrorsOfResponse([], 'The IOM connection is not valid: tenantId: must be a GUID.')).toEqual({
      tenantId: 'Must be a GUID',
    });
  });
});
