/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium, else
 * the one playwright-core downloads (`npx playwright-core install chromium`) if it is there. Pure: the
 * file-exists check and playwright's registry path are passed in.
 */

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** What to do without a browser, in one line. */
export const HOW_TO_GET_CHROMIUM =
  'apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary';

export type ChromiumChoice =
  | { found: true; executablePath: string; source: 'CHROMIUM_PATH' | 'debian' | 'playwright' }
  | { found: false; problem: string };

export function resolveChromium(opts: {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  /** playwright-core's `chromium.executablePath()`; it may throw on a platform it has no build for. */
  registryPath: () => string | undefined;
}): ChromiumChoice {
  const fromEnv = opts.env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    return opts.exists(fromEnv)
      ? { found: true, executablePath: fromEnv, source: 'CHROMIUM_PATH' }
      : { found: false, problem: `No Chromium at CHROMIUM_PATH=${fromEnv}: ${HOW_TO_GET_CHROMIUM}.` };
  }
  if (opts.exists(DEBIAN_CHROMIUM)) return { found: true, executablePath: DEBIAN_CHROMIUM, source: 'debian' };
  let registry: string | undefined;
  try {
    registry = opts.registryPath();
  } catch {
    registry = undefined;
  }
  if (registry && opts.exists(registry))
    return { found: true, executablePath: registry, source: 'playwright' };
  return {
    found: false,
    problem: `No Chromium for the browser tests (not at ${DEBIAN_CHROMIUM}, CHROMIUM_PATH unset): ${HOW_TO_GET_CHROMIUM}.`,
  };
}

/** An error jest shows as its message alone: no stack, no code frame. */
export function oneLineError(message: string): Error {
  const error = new Error(message);
  error.name = 'ChromiumUnavailable';
  error.stack = message;
  return error;
}
