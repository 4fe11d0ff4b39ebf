import pino, { type Logger } from 'pino';

export type { Logger };

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'iom-connector' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
