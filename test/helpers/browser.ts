/**
 * Headless Chromium for end-to-end and component tests (playwright-core; no browser download).
 *
 *   const browser = await launchBrowser();
 *   const page = await browser.newPage();
 *   const watch = watchPage(page);
 *   watch.expectHttpError('/api/session', 401);   // a failure the test provokes on purpose
 *   ...
 *   expect(watch.problems()).toEqual([]);          // no console errors/warnings, page errors or failed requests
 *   await saveScreenshot(page, 'overview');         // → test-results/overview.png
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { oneLineError, resolveChromium } from './chromium';

const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SHOTS_DIR = path.resolve(__dirname, '../../test-results');

export interface LaunchOptions {
  /** Chromium switches beyond the harness's own (which keep it quiet and offline). */
  args?: string[];
}

function chromiumPath(): string {
  const choice = resolveChromium({
    env: process.env,
    exists: existsSync,
    registryPath: () => chromium.executablePath(),
  });
  if (!choice.found) throw oneLineError(choice.problem);
  return choice.executablePath;
}

async function started<T>(executablePath: string, launch: () => Promise<T>): Promise<T> {
  try {
    return await launch();
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw oneLineError(`Chromium at ${executablePath} did not start (${first}); DEBUG=pw:browser shows why.`);
  }
}

/**
 * Headless Chromium (see resolveChromium for which one). Without one, or when it will not start, it
 * rejects with one line saying what to do, not a stack trace. Close it in afterAll.
 */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  return started(executablePath, () =>
    chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])] }),
  );
}

export type ThirdPartyCookies = 'blocked' | 'allowed';

/**
 * Chromium's cookie setting (chrome://settings/cookies) as its profile stores it: `profile.cookie_controls_mode`
 * 1 = "Block third-party cookies", 0 = "Allow third-party cookies". The contexts of `launchBrowser` are
 * off-the-record profiles that block them only by Chromium's default, not by a setting a test chose, and
 * `--test-third-party-cookie-phaseout` changes nothing in Chromium 156 (a profile that allows them still
 * keeps a framed cookie with it). A profile's preference is what a merchant's browser has.
 */
const COOKIE_CONTROLS_MODE: Record<ThirdPartyCookies, number> = { blocked: 1, allowed: 0 };

export interface ChromiumProfile {
  /** The profile's one context: `context.newPage()`; `context.cookies(url)` is the profile's cookie jar. */
  context: BrowserContext;
  /** Closes Chromium and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium on a fresh user profile (a temp dir) whose cookie setting blocks or allows
 * third-party cookies, for tests about the app as the third-party iframe it is in the control panel.
 * `context` takes BrowserContext options (viewport, locale).
 */
export async function launchProfile(
  opts: LaunchOptions & { thirdPartyCookies: ThirdPartyCookies; context?: BrowserContextOptions },
): Promise<ChromiumProfile> {
  const executablePath = chromiumPath();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
  await mkdir(path.join(dir, 'Default'));
  await writeFile(
    path.join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: COOKIE_CONTROLS_MODE[opts.thirdPartyCookies] } }),
  );
  const context = await started(executablePath, () =>
    chromium.launchPersistentContext(dir, {
      ...opts.context,
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    }),
  );
  return {
    context,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type PageProblemKind = 'console-error' | 'console-warning' | 'pageerror' | 'requestfailed' | 'http';

export interface PageProblem {
  kind: PageProblemKind;
  /** The console message, error message, network failure or `HTTP <status>`. */
  text: string;
  /** The resource concerned, when there is one. */
  url?: string;
  status?: number;
}

export interface PageWatch {
  /** Declares a failing response the test provokes on purpose, so it (and Chromium's console line about it) is not a problem. */
  expectHttpError(url: string | RegExp, status: number): void;
  /** Everything that went wrong, minus the declared failures. */
  problems(): PageProblem[];
}

interface ExpectedHttpError {
  url: string | RegExp;
  status: number;
}

function urlMatches(pattern: string | RegExp, url: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(url);
  const { pathname } = new URL(url);
  return url === pattern || pathname === pattern;
}

/** Chromium logs each failed response as a console error naming the status and the resource URL. */
const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d+)/;

function failedStatus(problem: PageProblem): number | undefined {
  if (problem.kind === 'http') return problem.status;
  const match = problem.kind === 'console-error' ? FAILED_RESOURCE.exec(problem.text) : null;
  return match ? Number(match[1]) : undefined;
}

function isExpected(problem: PageProblem, expected: readonly ExpectedHttpError[]): boolean {
  const status = failedStatus(problem);
  const { url } = problem;
  if (status === undefined || url === undefined) return false;
  return expected.some((entry) => entry.status === status && urlMatches(entry.url, url));
}

/** Starts recording console errors and warnings, uncaught page errors, failed requests and 4xx/5xx responses. */
export function watchPage(page: Page): PageWatch {
  const seen: PageProblem[] = [];
  const expected: ExpectedHttpError[] = [];

  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    seen.push({ kind: `console-${type}`, text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => seen.push({ kind: 'pageerror', text: error.stack ?? error.message }));
  page.on('requestfailed', (request) => {
    const text = request.failure()?.errorText ?? 'failed';
    // A frame that navigates on (the control panel opening the app again) cancels what it was still
    // loading: Chromium reports that as ERR_ABORTED. It is not a failure of the page.
    if (text === 'net::ERR_ABORTED') return;
    seen.push({ kind: 'requestfailed', text, url: request.url() });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      seen.push({
        kind: 'http',
        text: `HTTP ${response.status()}`,
        url: response.url(),
        status: response.status(),
      });
    }
  });

  return {
    expectHttpError(url, status) {
      expected.push({ url, status });
    },
    problems() {
      return seen.filter((problem) => !isExpected(problem, expected));
    },
  };
}

/** Writes a full-page PNG to test-results/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 900 };

export interface BrowserPageOptions {
  /** Default 1280×900. */
  viewport?: { width: number; height: number };
  /** Other options of the page's own context (locale, timezone, …). */
  context?: Omit<BrowserContextOptions, 'viewport'>;
  launch?: LaunchOptions;
  /** `'test'` (the default): a fresh page (in its own context) per test, closed after it. `'file'`: one page for the whole file, opened in beforeAll. */
  pagePer?: 'test' | 'file';
  /** The page's default timeout: fail at the step that went wrong, well before jest's own timeout. */
  stepTimeoutMs?: number;
  /** Runs before each fresh page is opened (`pagePer: 'test'`). */
  beforeEachPage?: () => Promise<void> | void;
}

export interface BrowserPage {
  browser: Browser;
  /** Watched for console errors and failed requests; `page.context()` is its own context. */
  page: Page;
  watch: PageWatch;
}

/** A watched page in a context of its own (closing the page closes the context). */
export async function openWatchedPage(
  browser: Browser,
  opts: Pick<BrowserPageOptions, 'viewport' | 'context' | 'stepTimeoutMs'> = {},
): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ ...opts.context, viewport: opts.viewport ?? DEFAULT_VIEWPORT });
  if (opts.stepTimeoutMs) page.setDefaultTimeout(opts.stepTimeoutMs);
  return { page, watch: watchPage(page) };
}

/**
 * Jest hooks for browser tests: one Chromium per file (closed in afterAll) and a watched page per test
 * or per file. `assign` receives the current objects (call it from the test file to keep plain
 * variables). Tests against the app and the simulators use `useControlPanelBrowser`, which adds the harness.
 */
export function useBrowser(assign: (current: BrowserPage) => void, opts: BrowserPageOptions = {}): void {
  let browser: Browser;
  let page: Page | undefined;
  const open = async () => {
    const opened = await openWatchedPage(browser, opts);
    page = opened.page;
    assign({ browser, ...opened });
  };
  beforeAll(async () => {
    browser = await launchBrowser(opts.launch);
    if (opts.pagePer === 'file') await open();
  });
  afterAll(async () => {
    await browser?.close();
  });
  if (opts.pagePer === 'file') return;
  beforeEach(async () => {
    await opts.beforeEachPage?.();
    await open();
  });
  afterEach(async () => {
    await page?.close();
  });
}
