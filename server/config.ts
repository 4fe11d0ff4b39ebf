import { z } from 'zod';
import type { StorageOptions } from './storage/create-storage';

/**
 * The one configuration schema (README.md, Configuration). `loadConfig` is called once, in server/main.ts, with
 * `process.env`; everything else receives the resulting `Config` by injection.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** An absolute http(s) URL without trailing slash; plain http only for loopback hosts. */
function baseUrl(example: string) {
  return z
    .string({ error: `is missing (example: ${example})` })
    .trim()
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not an absolute URL (example: ${example})` });
        return;
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" must use https:// (plain http:// is accepted only for localhost/127.0.0.1) (example: ${example})`,
        });
      }
      if (url.search || url.hash) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" must not carry a query or fragment (example: ${example})`,
        });
      }
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

const envSchema = z.object({
  /** `production` makes APP_URL required (the localhost default only suits a developer machine). */
  NODE_ENV: z.string().trim().optional(),
  /** HTTP port the app listens on. */
  PORT: z.coerce
    .number({ error: 'must be a port number (example: 3000)' })
    .int('must be a whole number (example: 3000)')
    .min(1, 'must be between 1 and 65535 (example: 3000)')
    .max(65535, 'must be between 1 and 65535 (example: 3000)')
    .default(3000),
  /** Public base URL of this app; callback and webhook URLs derive from it. */
  APP_URL: baseUrl('https://iom-connector.example.com').optional(),
  /** The app's BigCommerce client id (Developer Portal → My Apps → View Client ID). */
  BC_CLIENT_ID: z
    .string({
      error:
        'is missing: copy the Client ID from the BigCommerce Developer Portal (example: BC_CLIENT_ID=8i1x2lp0xqdjhmqyo5bnd6kpvw9cdnb)',
    })
    .trim()
    .min(1, 'is empty: copy the Client ID from the BigCommerce Developer Portal'),
  /** The app's BigCommerce client secret; also the key of every signed_payload_jwt. */
  BC_CLIENT_SECRET: z
    .string({
      error:
        'is missing: copy the Client Secret from the BigCommerce Developer Portal (example: BC_CLIENT_SECRET=3a5c…)',
    })
    .trim()
    .min(1, 'is empty: copy the Client Secret from the BigCommerce Developer Portal'),
  /** BigCommerce OAuth host. */
  BC_LOGIN_URL: baseUrl('https://login.bigcommerce.com').default('https://login.bigcommerce.com'),
  /** BigCommerce API host. */
  BC_API_URL: baseUrl('https://api.bigcommerce.com').default('https://api.bigcommerce.com'),
  /** Microsoft Entra authority host for client-credential tokens. */
  ENTRA_AUTHORITY_HOST: baseUrl('https://login.microsoftonline.com').default(
    'https://login.microsoftonline.com',
  ),
  /** Storage adapter. */
  STORAGE: z
    .enum(['sqlite', 'firestore'], { error: 'must be "sqlite" or "firestore" (example: STORAGE=sqlite)' })
    .default('sqlite'),
  /** SQLite database file (STORAGE=sqlite). */
  SQLITE_PATH: z
    .string()
    .trim()
    .min(1, 'is empty (example: ./data/connector.db)')
    .default('./data/connector.db'),
  /** Firestore project id (STORAGE=firestore). */
  FIRESTORE_PROJECT_ID: z.string().trim().min(1, 'is empty (example: my-gcp-project)').optional(),
  /** Firestore emulator host:port; the standard variable, for local runs only. */
  FIRESTORE_EMULATOR_HOST: z
    .string()
    .trim()
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port (example: 127.0.0.1:8080)')
    .optional(),
  /** 32-byte key, base64 (or 64 hex characters, as Heroku's "secret" generator makes): encrypts stored secrets and signs session tokens. */
  APP_SECRET_KEY: z
    .string({
      error: 'is missing: a 32-byte key in base64 (example: APP_SECRET_KEY=$(openssl rand -base64 32))',
    })
    .trim()
    .refine((v) => decodeSecretKey(v) !== null, {
      message:
        'must be exactly 32 bytes encoded as base64 or as 64 hex characters (example: APP_SECRET_KEY=$(openssl rand -base64 32))',
    }),
  /**
   * What this process runs: `all` (HTTP app, job runner and schedules: one process does everything), `web`
   * (the HTTP app only) or `worker` (the job runner and schedules, plus /healthz, /readyz and /metrics).
   */
  ROLE: z
    .enum(['all', 'web', 'worker'], { error: 'must be "all", "web" or "worker" (example: ROLE=worker)' })
    .default('all'),
  /** Jobs one worker runs at once (ROLE=all or worker). */
  WORKER_CONCURRENCY: z.coerce
    .number({ error: 'must be a whole number of jobs (example: WORKER_CONCURRENCY=8)' })
    .int('must be a whole number of jobs (example: WORKER_CONCURRENCY=8)')
    .positive('must be at least 1 (example: WORKER_CONCURRENCY=8)')
    .default(8),
  /** How often (ms) a worker looks for due jobs when nothing woke it, e.g. jobs enqueued by other processes. */
  WORKER_POLL_MS: z.coerce
    .number({ error: 'must be a number of milliseconds (example: WORKER_POLL_MS=1000)' })
    .int('must be a whole number of milliseconds (example: WORKER_POLL_MS=1000)')
    .min(50, 'must be at least 50 ms (example: WORKER_POLL_MS=1000)')
    .default(1000),
  /** Seconds between two reconciliation sweeps of a worker; 0 turns the sweep off. */
  SWEEP_INTERVAL_S: z.coerce
    .number({ error: 'must be a number of seconds (example: SWEEP_INTERVAL_S=300, or 0 for no sweep)' })
    .int('must be a whole number of seconds (example: SWEEP_INTERVAL_S=300, or 0 for no sweep)')
    .min(0, 'must be 0 (no sweep) or more (example: SWEEP_INTERVAL_S=300)')
    .default(300),
  /** Seconds between two polls of IOM's changes for a store (the outbound relay); a store's setting overrides it. */
  IOM_POLL_INTERVAL_S: z.coerce
    .number({ error: 'must be a number of seconds between 5 and 3600 (example: IOM_POLL_INTERVAL_S=60)' })
    .int('must be a whole number of seconds between 5 and 3600 (example: IOM_POLL_INTERVAL_S=60)')
    .min(5, 'must be at least 5 seconds (example: IOM_POLL_INTERVAL_S=60)')
    .max(3600, 'must be at most 3600 seconds, one hour (example: IOM_POLL_INTERVAL_S=60)')
    .default(60),
  /** Bearer token that GET /metrics requires; unset, /metrics answers 404. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters (example: METRICS_TOKEN=$(openssl rand -hex 24))')
    .optional(),
  /** SMTP server for the failure e-mails (smtp:// with STARTTLS, smtps:// with TLS); unset, notifications are off. */
  SMTP_URL: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = smtpUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** Sender of the failure e-mails: `Name <address>` or a bare address. */
  NOTIFY_FROM: z
    .string()
    .trim()
    .refine((value) => parseMailbox(value) !== null, {
      message:
        'must be an e-mail address or "Name <address>" (example: NOTIFY_FROM="IOM Connector <no-reply@example.com>")',
    })
    .optional(),
  /** pino log level. */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent (example: LOG_LEVEL=info)',
    })
    .default('info'),
  /** How log lines are written: `json` (one pino JSON object per line) or `pretty` (one readable line). */
  LOG_FORMAT: z
    .enum(['json', 'pretty'], {
      error: 'must be json or pretty (example: LOG_FORMAT=json)',
    })
    .default('json'),
});

const SMTP_EXAMPLE = 'example: SMTP_URL=smtp://user:pass@smtp.example.com:587';

/** Why `value` is not a usable SMTP URL (never echoing it: it may carry a password), or null. */
function smtpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL (${SMTP_EXAMPLE}, or smtps://… for TLS on port 465)`;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return `must start with smtp:// (STARTTLS) or smtps:// (TLS), not ${url.protocol}// (${SMTP_EXAMPLE})`;
  }
  if (!url.hostname) return `names no host (${SMTP_EXAMPLE})`;
  if (url.pathname && url.pathname !== '/' && url.pathname !== '')
    return `must not have a path (${SMTP_EXAMPLE})`;
  return null;
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** `Name <address>` or `address` as its parts; null if it is neither. */
export function parseMailbox(value: string): { name: string | null; address: string } | null {
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value.trim());
  const name = named ? named[1]!.replace(/^"|"$/g, '').trim() || null : null;
  const address = (named ? named[2]! : value).trim();
  return ADDRESS.test(address) ? { name, address } : null;
}

/** APP_SECRET_KEY as 32 raw bytes: 64 hex characters or base64; null if it is neither. */
export function decodeSecretKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

/** Every environment variable the app reads (README.md, Configuration). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as Array<keyof typeof envSchema.shape>;

export interface Config {
  port: number;
  appUrl: string;
  bigcommerce: {
    clientId: string;
    clientSecret: string;
    loginUrl: string;
    apiUrl: string;
  };
  entraAuthorityHost: string;
  /**
   * True in the sandbox: BigCommerce (login and API) and Entra are all configured on loopback hosts
   * (the simulators), so the merchant-entered IOM targets may be loopback too. False in production, where they must be
   * Dataverse / public https hosts (server/net/outbound-target.ts).
   */
  allowLoopbackTargets: boolean;
  storage: StorageOptions;
  /** Raw 32-byte APP_SECRET_KEY. */
  secretKey: Buffer;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: pino JSON lines, or one readable line per event (the demo). */
  logFormat: 'json' | 'pretty';
  /** What this process runs (ROLE): `all`, `web` (HTTP app only) or `worker` (jobs and schedules). */
  role: ProcessRole;
  /** The job runner of ROLE=all and ROLE=worker. */
  worker: { concurrency: number; pollMs: number };
  /** Seconds between reconciliation sweeps; 0: no sweep. */
  sweepIntervalS: number;
  /** Seconds between polls of IOM's changes for a store without its own interval (5–3600). */
  iomPollIntervalS: number;
  /** Bearer token for GET /metrics; null: /metrics answers 404. Never log it. */
  metricsToken: string | null;
  /** Failure e-mails: the SMTP server (null: notifications are off; it may carry a password, never log it) and the sender. */
  notifications: { smtpUrl: string | null; from: string };
}

export type ProcessRole = 'all' | 'web' | 'worker';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Validate the environment once; throws ConfigError with one line per problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `Configuration error: ${String(issue.path[0] ?? 'environment')} ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.APP_URL) {
    throw new ConfigError([
      'Configuration error: APP_URL is missing: NODE_ENV=production needs the public https URL of this app, which BigCommerce calls back (example: APP_URL=https://iom-connector.example.com)',
    ]);
  }
  if (e.STORAGE === 'firestore' && !e.FIRESTORE_PROJECT_ID) {
    throw new ConfigError([
      'Configuration error: FIRESTORE_PROJECT_ID is missing: STORAGE=firestore needs the Google Cloud project id (example: FIRESTORE_PROJECT_ID=my-gcp-project)',
    ]);
  }
  const storage: StorageOptions =
    e.STORAGE === 'firestore'
      ? {
          kind: 'firestore',
          projectId: e.FIRESTORE_PROJECT_ID as string,
          emulatorHost: e.FIRESTORE_EMULATOR_HOST,
        }
      : { kind: 'sqlite', path: e.SQLITE_PATH };
  return {
    port: e.PORT,
    appUrl: e.APP_URL ?? `http://localhost:${e.PORT}`,
    bigcommerce: {
      clientId: e.BC_CLIENT_ID,
      clientSecret: e.BC_CLIENT_SECRET,
      loginUrl: e.BC_LOGIN_URL,
      apiUrl: e.BC_API_URL,
    },
    entraAuthorityHost: e.ENTRA_AUTHORITY_HOST,
    allowLoopbackTargets: [e.BC_LOGIN_URL, e.BC_API_URL, e.ENTRA_AUTHORITY_HOST].every((u) =>
      isLoopbackHost(new URL(u).hostname),
    ),
    storage,
    secretKey: decodeSecretKey(e.APP_SECRET_KEY) as Buffer,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    role: e.ROLE,
    worker: { concurrency: e.WORKER_CONCURRENCY, pollMs: e.WORKER_POLL_MS },
    sweepIntervalS: e.SWEEP_INTERVAL_S,
    iomPollIntervalS: e.IOM_POLL_INTERVAL_S,
    metricsToken: e.METRICS_TOKEN ?? null,
    notifications: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.NOTIFY_FROM ?? `IOM Connector <no-reply@${new URL(e.APP_URL ?? 'http://localhost').hostname}>`,
    },
  };
}

/** The URLs BigCommerce must be configured with (Developer Portal) and the webhook destination. */
export function callbackUrls(appUrl: string) {
  return {
    auth: `${appUrl}/auth`,
    load: `${appUrl}/load`,
    uninstall: `${appUrl}/uninstall`,
    removeUser: `${appUrl}/remove_user`,
    webhooks: `${appUrl}/webhooks/bigcommerce`,
  };
}
