import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage, type PageWatch } from './browser';
import { startHarness, type Harness } from './harness';

export interface ControlPanelBrowser {
  h: Harness;
  browser: Browser;
  /** A fresh 1280×900 page per test, watched for console errors and failed requests. */
  page: Page;
  watch: PageWatch;
}

/**
 * Jest hooks for end-to-end tests in Chromium against the real app and simulators: one harness and
 * browser per file, a fresh watched page per test. `assign` receives the current objects (call it
 * from the test file to keep plain variables), `beforeEachPage` prepares state before each page.
 */
export function useControlPanelBrowser(
  assign: (current: ControlPanelBrowser) => void,
  opts: { beforeEachPage?: (h: Harness) => Promise<void> | void; stepTimeoutMs?: number } = {},
): void {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'warn' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
  beforeEach(async () => {
    await opts.beforeEachPage?.(h);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Fail at the step that went wrong, well before jest's own timeout.
    if (opts.stepTimeoutMs) page.setDefaultTimeout(opts.stepTimeoutMs);
    assign({ h, browser, page, watch: watchPage(page) });
  });
  afterEach(async () => {
    await page?.close();
  });
}
