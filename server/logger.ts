import pino, { type Logger } from 'pino';
import { prettyStream } from './log-format';

export type { Logger };

/** `json`: one pino JSON object per line (production); `pretty`: one readable line per event (the demo). */
export type LogFormat = 'json' | 'pretty';

/**
 * Paths that could ever carry a credential. pino replaces them with "[redacted]" so a token or
 * secret never reaches the logs even if someone logs a whole object by mistake.
 */
export const REDACTED_PATHS = [
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'webhookSecret',
  'pushSecret',
  'token',
  'code',
  'signed_payload_jwt',
  'authorization',
  'headers.authorization',
  'headers["x-auth-token"]',
  'headers["x-webhook-secret"]',
  'headers["x-iom-connector-signature"]',
  '*.accessToken',
  '*.access_token',
  '*.clientSecret',
  '*.client_secret',
  '*.webhookSecret',
  '*.pushSecret',
  '*.token',
  '*.authorization',
];

/**
 * The app's logger. Redaction happens in pino before any formatting, so the pretty format shows the
 * same `[redacted]` values as the JSON one.
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const target =
    format === 'pretty'
      ? prettyStream(destination ?? process.stdout, { showRequests: level === 'debug' || level === 'trace' })
      : destination;
  return pino(
    {
      level,
      base: { service: 'iom-connector' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    target,
  );
}
