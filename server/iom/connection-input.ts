import { z } from 'zod';
import { isLoopbackHost } from '../config';
import { ValidationError, describeIssues } from '../errors';
import { checkEnvironmentUrl, checkIntakeUrl, type OutboundPolicy } from '../net/outbound-target';
import type { IntakeMode } from '../storage/types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i;

/** https (http only for loopback hosts, i.e. the sandbox), no query or fragment. */
function secureUrl(what: string, example: string) {
  return z
    .string({ error: `is required (example: ${example})` })
    .trim()
    .min(1, `is required (example: ${example})`)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a full URL (example: ${example})` });
        return;
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        ctx.addIssue({ code: 'custom', message: `${what} must use https:// (example: ${example})` });
      }
    });
}

const inputSchema = z.object({
  environmentUrl: secureUrl('The environment URL', 'https://contoso.crm.dynamics.com').transform(
    normaliseEnvironmentUrl,
  ),
  tenantId: z
    .string({ error: 'is required: the Directory (tenant) ID of your app registration' })
    .trim()
    .refine((v) => GUID.test(v) || DOMAIN.test(v), {
      message:
        'must be the Directory (tenant) ID, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (or the tenant domain)',
    }),
  clientId: z
    .string({ error: 'is required: the Application (client) ID of your app registration' })
    .trim()
    .regex(GUID, 'must be the Application (client) ID, a GUID like 0e9a4a3c-1f2b-4c5d-8e7f-9a0b1c2d3e4f'),
  /** Omit to keep the stored secret. */
  clientSecret: z
    .string()
    .trim()
    .min(1, 'is empty: paste the secret Value, or leave the field out to keep the saved one')
    .max(1024)
    .optional(),
  intakeMode: z.enum(['dataverse', 'intake-provider'], {
    error:
      'must be "dataverse" (write sales orders through the Web API) or "intake-provider" (send orders to your IOM intake provider)',
  }),
  intakeUrl: secureUrl('The intake URL', 'https://prod-00.westus.logic.azure.com/workflows/…/invoke?…&sig=…')
    .refine((value) => !containsMask(value), {
      message:
        'is the masked URL the app shows (its credentials are hidden as ••••••), not the URL itself: paste the full URL again, or leave the field out to keep the saved one',
    })
    .nullable()
    .optional(),
});

export interface ConnectionInput {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  intakeMode: IntakeMode;
  /** Omitted: keep the saved one (the API only ever shows it masked). */
  intakeUrl?: string;
}

/** What is wrong with the targets the app would call (one `field: problem` each). */
async function targetProblems(
  target: { environmentUrl: string; intakeMode: IntakeMode; intakeUrl?: string | null },
  policy: OutboundPolicy,
): Promise<string[]> {
  const problems: string[] = [];
  const environment = await checkEnvironmentUrl(target.environmentUrl, policy);
  if (environment !== null) problems.push(`environmentUrl: ${environment}`);
  if (target.intakeMode === 'intake-provider' && target.intakeUrl) {
    const intake = await checkIntakeUrl(target.intakeUrl, policy);
    if (intake !== null) problems.push(`intakeUrl: ${intake}`);
  }
  return problems;
}

/**
 * Re-check a saved connection's targets (it may predate the rules, or a name may now resolve to a
 * private address); throws the same 400 a PUT of those values would get.
 */
export async function assertSavedTargetsAllowed(
  connection: { environmentUrl: string; intakeMode: IntakeMode; intakeUrl: string | null },
  policy: OutboundPolicy,
): Promise<void> {
  const problems = await targetProblems(connection, policy);
  if (problems.length > 0) {
    throw new ValidationError(
      `The saved IOM connection may not be used: ${problems.join('; ')}. Save the connection again with allowed values.`,
    );
  }
}

/**
 * Validate what the merchant typed; every problem is named with the field and an example. Then refuse
 * targets the app must not call (server/net/outbound-target.ts): outside the sandbox, the environment
 * URL must be Dataverse over https and a new intake URL a public https host.
 */
export async function parseConnectionInput(body: unknown, policy: OutboundPolicy): Promise<ConnectionInput> {
  const parsed = inputSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(`The IOM connection is not valid: ${describeIssues(parsed.error.issues)}.`);
  }
  const input = parsed.data;
  const problems = await targetProblems(input, policy);
  if (problems.length > 0) {
    throw new ValidationError(`The IOM connection is not valid: ${problems.join('; ')}.`);
  }
  return {
    ...input,
    tenantId: input.tenantId.toLowerCase(),
    clientId: input.clientId.toLowerCase(),
    intakeUrl: input.intakeUrl ?? undefined,
  };
}

/** The intake URL to store: the new one, else the saved one; required in intake-provider mode. */
export function resolveIntakeUrl(input: ConnectionInput, saved: string | null | undefined): string | null {
  if (input.intakeMode !== 'intake-provider') return null;
  const url = input.intakeUrl ?? saved ?? null;
  if (!url) {
    throw new ValidationError(
      'The IOM connection is not valid: intakeUrl is required in intake-provider mode — copy the HTTP POST URL of your intake provider’s message handler flow.',
    );
  }
  return url;
}

/** Accept what people paste (a trailing slash, the Web API path) and keep the bare origin. */
export function normaliseEnvironmentUrl(value: string): string {
  const url = new URL(value);
  return url.origin;
}

/** What a masked credential reads as in the URL the API returns. */
export const MASK = '••••••';

/**
 * Query parameters that carry a credential, compared without case, '-' and '_' (so `api-key`,
 * `api_key` and `apiKey` are one name). Logic Apps' `sv`, `sp` and `api-version` (and a SAS URL's
 * `se`, `st`, `spr`) describe the signature and stay readable; `sig`/`code` are the signatures.
 */
const CREDENTIAL_PARAMS = new Set([
  'sig',
  'signature',
  'code',
  'key',
  'apikey',
  'subscriptionkey',
  'ocpapimsubscriptionkey',
  'token',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'sastoken',
  'auth',
  'authorization',
  'secret',
  'clientsecret',
  'password',
  'passwd',
  'pwd',
  'credential',
  'credentials',
]);

function isCredentialParam(name: string): boolean {
  const bare = name.toLowerCase().replace(/[-_]/g, '');
  return CREDENTIAL_PARAMS.has(bare) || /(token|secret|password|signature|apikey)$/.test(bare);
}

/**
 * Show the intake URL without its credentials: the user-info (`user:password@`), every
 * credential-like query parameter (see CREDENTIAL_PARAMS) and the fragment become MASK.
 */
export function maskIntakeUrl(value: string | null): string | null {
  if (!value) return null;
  const url = new URL(value);
  if (url.username) url.username = MASK;
  if (url.password) url.password = MASK;
  for (const name of new Set(url.searchParams.keys())) {
    if (isCredentialParam(name)) url.searchParams.set(name, MASK);
  }
  if (url.hash) url.hash = MASK;
  return url.toString().replace(/%E2%80%A2/gi, '•');
}

/** True if the URL is (or contains) what maskIntakeUrl shows instead of a credential. */
function containsMask(value: string): boolean {
  return value.includes('•') || /%E2%80%A2/i.test(value);
}
