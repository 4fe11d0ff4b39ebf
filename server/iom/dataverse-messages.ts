import { DataverseError } from './errors';

/**
 * Dataverse failures as sentences a merchant can act on: one clause each, no principal dumps, no
 * repeated "failed". The raw Dataverse text belongs in the log only.
 */
export type DataverseFailure =
  | { kind: 'throttled'; retryAfterMs: number | null; message: string }
  | { kind: 'busy'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'refused'; status: number; message: string };

const ENVIRONMENT_URL_HINT =
  'Power Platform admin center → Environments → your environment → Environment URL';

export function describeDataverseFailure(error: unknown, environmentUrl: string): DataverseFailure {
  if (!(error instanceof DataverseError)) {
    const text = error instanceof Error ? error.message : String(error);
    return { kind: 'refused', status: 0, message: text };
  }
  const status = error.upstreamStatus;
  if (status === 429) {
    const seconds = error.retryAfterMs === null ? null : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return {
      kind: 'throttled',
      retryAfterMs: error.retryAfterMs,
      message: `IOM is throttling this app user — test again in ${seconds === null ? 'a minute' : `${seconds} s`}. Until then IOM is busy or unavailable for this app: Dataverse refuses its requests, and testing earlier only lengthens the wait.`,
    };
  }
  if (status === 0 && error.timedOut) {
    const within = /within (\d+) ms/.exec(error.message)?.[1];
    return {
      kind: 'busy',
      message: `IOM is busy or unavailable: ${environmentUrl} did not answer${within ? ` within ${formatMs(Number(within))}` : ' in time'}. Test again in a few minutes; if it keeps happening, check the environment URL (${ENVIRONMENT_URL_HINT}) and that the environment is running.`,
    };
  }
  if (status === 0) {
    const reason = /could not be reached \(([^)]*)\)/.exec(error.message)?.[1] ?? 'network error';
    return {
      kind: 'unreachable',
      message: `${environmentUrl} could not be reached (${reason}). Check the environment URL: ${ENVIRONMENT_URL_HINT}.`,
    };
  }
  if (status === 408 || status >= 500) {
    return {
      kind: 'busy',
      message: `IOM is busy or unavailable: ${environmentUrl} answered ${status}. Test again in a few minutes; if it keeps happening, check the environment's state in the Power Platform admin center → Environments.`,
    };
  }
  const privilege = describePrivilege(error);
  const detail = privilege
    ? `the application user's security role lacks ${privilege}`
    : sanitizeDataverseText(upstreamText(error));
  return {
    kind: 'refused',
    status,
    message: `Dataverse refused the request (${status}${error.dataverseCode ? ` ${error.dataverseCode}` : ''}): ${detail}.`,
  };
}

const VERBS = ['AppendTo', 'Append', 'Assign', 'Create', 'Delete', 'Read', 'Share', 'Write'] as const;

/** Display names of the tables whose privileges the connector needs. */
const TABLES: Record<string, string> = {
  SalesOrder: 'Order',
  SalesOrderDetail: 'Order Product',
  EntityKey: 'Entity Key',
  msdyn_fulfillmentorder: 'Fulfillment Order',
  msdyn_FulfillmentOrder: 'Fulfillment Order',
  Account: 'Account',
  Product: 'Product',
  PriceLevel: 'Price List',
};

/**
 * "prvReadSalesOrder (Read on Order)" from a PrivilegeDenied text such as "Principal user (Id=…,
 * type=8, roleCount=1, …) is missing prvReadSalesOrder privilege …"; null when the text names none.
 */
export function describePrivilege(error: DataverseError): string | null {
  const name = /\b(prv[A-Za-z_]+)\b/.exec(upstreamText(error))?.[1];
  if (!name) return null;
  const rest = name.slice(3);
  const verb = VERBS.find((v) => rest.startsWith(v));
  if (!verb) return name;
  const table = rest.slice(verb.length);
  const label = TABLES[table] ?? table.replace(/([a-z])([A-Z])/g, '$1 $2');
  return `${name} (${verb === 'AppendTo' ? 'Append To' : verb} on ${label})`;
}

/** The text Dataverse sent. */
function upstreamText(error: DataverseError): string {
  return error.upstreamMessage ?? error.message;
}

/** Drops principal dumps and GUID details; trims to one sentence-sized clause. */
export function sanitizeDataverseText(text: string): string {
  const cleaned = text
    .replace(/Principal user \([^)]*\),?/g, 'the application user')
    .replace(/\s*\(Id=[0-9a-f-]{36}\)/gi, '')
    .replace(/\s*Context: .*$/s, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}…` : cleaned || 'no reason given';
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
