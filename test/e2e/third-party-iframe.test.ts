import type { Frame, Page, Request } from 'playwright-core';
import {
  launchProfile,
  saveScreenshot,
  watchPage,
  type ChromiumProfile,
  type PageWatch,
} from '../helpers/browser';
import { startHarness, type Harness } from '../helpers/harness';

jest.setTimeout(120_000);

const VIEWPORT = { width: 1366, height: 900 };
const PROBE = 'third_party_probe';

/** Writes a cookie from inside `frame` (SameSite=None; Secure: the only kind a third party may set) and reads it back. */
async function cookieProbe(frame: Frame): Promise<{ stored: boolean; storageAccess: boolean }> {
  return frame.evaluate(async (name) => {
    document.cookie = `${name}=1; SameSite=None; Secure; Path=/`;
    return {
      stored: document.cookie.split('; ').includes(`${name}=1`),
      storageAccess: await document.hasStorageAccess(),
    };
  }, PROBE);
}

/** The control panel's iframe once it shows a page of the app. */
async function appFrameOf(page: Page, appUrl: string): Promise<Frame> {
  const handle = await page.locator('#app-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the control panel shows no app frame');
  await frame.waitForURL((url) => url.origin === appUrl);
  return frame;
}

/**
 * The app as what it is in production: a third-party iframe. The simulated BigCommerce and its control
 * panel are at http://localhost:<port>, the app at http://127.0.0.1:<port>: two sites, so Chromium treats
 * the app's frame as cross-site. The Chromium profile blocks third-party cookies (as Safari, Firefox and
 * many Chrome users do), and the test proves that it does before relying on it.
 */
describe('the app inside the control panel with third-party cookies blocked (Chromium, two sites)', () => {
  let h: Harness;
  let profile: ChromiumProfile;
  let page: Page;
  let watch: PageWatch;
  /** `Sec-Fetch-Site` of each navigation of the app's frame. */
  const frameNavigations: Array<{ url: string; secFetchSite: string | undefined }> = [];

  beforeAll(async () => {
    h = await startHarness({ bigcommerceHost: 'localhost', env: { LOG_LEVEL: 'warn' } });
    profile = await launchProfile({ thirdPartyCookies: 'blocked', context: { viewport: VIEWPORT } });
    page = await profile.context.newPage();
    page.setDefaultTimeout(20_000);
    watch = watchPage(page);
    page.on('request', (request: Request) => {
      if (!request.isNavigationRequest() || request.frame() === page.mainFrame()) return;
      if (!request.url().startsWith(h.appUrl)) return;
      void request
        .allHeaders()
        .then((headers) =>
          frameNavigations.push({ url: request.url(), secFetchSite: headers['sec-fetch-site'] }),
        );
    });
  });
  afterAll(async () => {
    await profile?.close();
    await h?.close();
  });

  const app = () => page.frameLocator('#app-frame');

  it('addresses BigCommerce as localhost and the app as 127.0.0.1, and the app lets that control panel frame it', async () => {
    const sim = new URL(h.sim.url);
    expect(sim.hostname).toBe('localhost');
    expect(new URL(h.sim.controlPanelUrl).origin).toBe(sim.origin);
    expect(new URL(h.appUrl).hostname).toBe('127.0.0.1');
    expect(h.deps.config.bigcommerce).toMatchObject({ loginUrl: h.sim.url, apiUrl: h.sim.url });

    const res = await fetch(`${h.appUrl}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    expect(ancestors).toContain(sim.origin);
  });

  it('installs, onboards, shows the dashboard and opens again, cross-site, without a cookie', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    await app().getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });

    // The frame is cross-site: Chromium says so on its navigation, and the frame's ancestor is another site.
    const frame = await appFrameOf(page, h.appUrl);
    expect(await frame.evaluate(() => [...location.ancestorOrigins])).toEqual([new URL(h.sim.url).origin]);
    expect(frameNavigations.find((n) => n.url.startsWith(`${h.appUrl}/auth`))?.secFetchSite).toBe(
      'cross-site',
    );

    // Third-party cookies are blocked here: the app's origin cannot keep a cookie inside the frame.
    expect(await cookieProbe(frame)).toEqual({ stored: false, storageAccess: false });

    // Onboarding writes the connection and the settings (PUT /api/connection, /api/settings…).
    await app().getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await app().getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await app().getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await app().getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    await app().getByRole('button', { name: 'Save and test' }).click();
    await app().getByText('Connected — every check passed').waitFor();
    await app().getByRole('button', { name: 'Continue' }).click();
    const defaults = app().getByRole('region', { name: 'Choose the IOM defaults' });
    await defaults.getByRole('button', { name: 'Save and continue' }).waitFor();
    await (
      await appFrameOf(page, h.appUrl)
    ).waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[role="combobox"]')].every((i) => i.value !== ''),
    );
    await defaults.getByRole('button', { name: 'Save and continue' }).click();
    const filter = app().getByRole('region', { name: 'Choose which orders go to IOM' });
    await filter.getByRole('button', { name: 'Save and continue' }).click();
    const preview = app().getByRole('region', { name: 'Preview an order, then go live' });
    await preview.getByRole('button', { name: 'Start syncing' }).click();
    await app()
      .getByRole('link', { name: 'Dashboard' })
      .and(app().locator('[aria-current="page"]'))
      .waitFor();
    expect(await h.deps.storage.settings.get('demo7x3')).toMatchObject({ syncEnabled: true });
    expect((await h.deps.storage.connections.get('demo7x3'))?.environmentUrl).toBe(h.iom.environmentUrl);
    await saveScreenshot(page, 'third-party-dashboard');

    // Opening the control panel again opens the app by itself (a signed /load, cross-site too): the dashboard.
    await page.goto(h.sim.controlPanelUrl);
    await app()
      .getByRole('link', { name: 'Dashboard' })
      .and(app().locator('[aria-current="page"]'))
      .waitFor();
    expect(frameNavigations.find((n) => n.url.startsWith(`${h.appUrl}/load`))?.secFetchSite).toBe(
      'cross-site',
    );

    expect(watch.problems()).toEqual([]);
    expect(await profile.context.cookies(h.appUrl)).toEqual([]);
  });

  it('the probe sees a cookie where one may be kept: first-party in this profile, framed in a profile that allows them', async () => {
    // In this very profile, the app's origin as the top frame keeps the same cookie: the refusal above is the
    // third-party rule, not a cookie Chromium would refuse anyway.
    const firstParty = await profile.context.newPage();
    await firstParty.goto(`${h.appUrl}/healthz`);
    expect((await cookieProbe(firstParty.mainFrame())).stored).toBe(true);
    await firstParty.close();
    await profile.context.clearCookies();

    // A profile that allows third-party cookies keeps it inside the same frame: the probe can tell them apart.
    const allowing = await launchProfile({ thirdPartyCookies: 'allowed', context: { viewport: VIEWPORT } });
    try {
      const framed = await allowing.context.newPage();
      await framed.goto(h.sim.controlPanelUrl);
      await framed.frameLocator('#app-frame').getByRole('link', { name: 'Dashboard' }).waitFor();
      expect(await cookieProbe(await appFrameOf(framed, h.appUrl))).toEqual({
        stored: true,
        storageAccess: true,
      });
    } finally {
      await allowing.close();
    }
  });
});
