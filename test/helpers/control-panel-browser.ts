import { startMailCatcher, type MailCatcher } from '../../scripts/sandbox/mail';
import { useBrowser, type BrowserPage, type BrowserPageOptions } from './browser';
import { startHarness, type Harness, type HarnessOptions } from './harness';

export interface ControlPanelBrowser extends BrowserPage {
  h: Harness;
  /** The mail catcher the app sends to, with `mail: true`. */
  mail?: MailCatcher;
}

export interface ControlPanelBrowserOptions extends Omit<BrowserPageOptions, 'beforeEachPage'> {
  /** startHarness's options; the app logs at `warn` unless `harness.env.LOG_LEVEL` says otherwise. */
  harness?: HarnessOptions;
  /** Starts the harness another way (e.g. startSyncingHarness); `harness` is then unused. */
  start?: () => Promise<Harness>;
  /** Start a mail catcher before the harness and point the app's SMTP_URL at it (not with `start`). */
  mail?: boolean;
  /** Runs once, right after the harness started (install the store, connect IOM, …): `assign` has not run yet. */
  setup?: (h: Harness) => Promise<void> | void;
  /** Prepares state before each fresh page (`pagePer: 'test'`). */
  beforeEachPage?: (h: Harness) => Promise<void> | void;
}

/**
 * Jest hooks for end-to-end tests in Chromium against the real app and simulators: one harness and
 * browser per file, a fresh watched page per test (or one per file, `pagePer: 'file'`), 1280×900 unless
 * `viewport` says otherwise. `assign` receives the current objects (call it from the test file to keep
 * plain variables), `beforeEachPage` prepares state before each page.
 */
export function useControlPanelBrowser(
  assign: (current: ControlPanelBrowser) => void,
  opts: ControlPanelBrowserOptions = {},
): void {
  let h: Harness;
  let mail: MailCatcher | undefined;
  beforeAll(async () => {
    if (opts.mail) mail = await startMailCatcher();
    h = opts.start
      ? await opts.start()
      : await startHarness({
          ...opts.harness,
          env: {
            LOG_LEVEL: 'warn',
            ...(mail ? { SMTP_URL: mail.smtpUrl } : {}),
            ...opts.harness?.env,
          },
        });
    await opts.setup?.(h);
  });
  useBrowser((current) => assign({ ...current, h, ...(mail ? { mail } : {}) }), {
    ...opts,
    beforeEachPage: () => opts.beforeEachPage?.(h),
  });
  // After the browser's afterAll: the pages are gone before the app and the simulators stop.
  afterAll(async () => {
    await h?.close();
    await mail?.close();
  });
}
