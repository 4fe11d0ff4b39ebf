import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { scanAccessibility, seriousViolations } from '../helpers/axe';
import { SHOTS_DIR, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { installStore, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;
/** The control panel's iframe at a 1366 px wide screen. */
const IFRAME = { width: 1366, height: 560 };

/**
 * The first run in real Chromium, the built client through the real server and simulators, in a
 * viewport the size of the control panel's iframe: every step's primary action is on screen without
 * scrolling, no serious accessibility problem, the header stays compact, the typeface is ours.
 */
describe('onboarding (Chromium, 1366×560, real app and simulators)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    viewport: IFRAME,
    stepTimeoutMs: 10_000,
  });

  /** What the iframe shows without scrolling, as test-results/onboarding-<step>.png. */
  async function shoot(step: string): Promise<void> {
    await page.waitForTimeout(300);
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS_DIR, `onboarding-${step}.png`) });
  }

  /** The control is inside the viewport as it opened (no scrolling). */
  async function expectOnScreen(locator: Locator): Promise<void> {
    await locator.waitFor();
    const box = await locator.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, scrollY: window.scrollY };
    });
    expect(box.scrollY).toBe(0);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(IFRAME.height);
  }

  async function expectAccessible(): Promise<void> {
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
  }

  it('walks every step with its primary action in view, the compact header and Source Sans 3', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
    await page.goto(await h.sim.loadUrl(STORE, OWNER));

    // 1. Connect.
    await page.getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });
    const save = page.getByRole('button', { name: 'Save and test' });
    await expectOnScreen(save);
    // The header is one line: the first card starts at most 60 px from the top.
    const mainTop = await page.locator('main').evaluate((main) => main.getBoundingClientRect().top);
    expect(mainTop).toBeLessThanOrEqual(60);
    // BigDesign's typeface is loaded from our own origin.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, '') === 'Source Sans 3');
      return {
        check: document.fonts.check('16px "Source Sans 3"'),
        loaded: faces.filter((face) => face.status === 'loaded').map((face) => face.weight),
      };
    });
    expect(font.check).toBe(true);
    expect(font.loaded).toContain('400');
    await expectAccessible();
    await shoot('1-connect');

    await page.getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await page.getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await page.getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await page.getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    await save.click();

    // 2. Test.
    await page.getByText('Connected — every check passed').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const next = page.getByRole('button', { name: 'Continue' });
    await expectOnScreen(next);
    await expectAccessible();
    await shoot('2-test');
    await next.click();

    // 3. Defaults.
    const saveDefaults = page
      .getByRole('region', { name: 'Choose the IOM defaults' })
      .getByRole('button', { name: 'Save and continue' });
    await expectOnScreen(saveDefaults);
    // Pre-selected from IOM's own lists.
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[role="combobox"]')].every(
        (input) => input.value !== '',
      ),
    );
    await expectAccessible();
    await shoot('3-defaults');
    await saveDefaults.click();

    // 4. Import filter.
    const saveFilter = page
      .getByRole('region', { name: 'Choose which orders go to IOM' })
      .getByRole('button', { name: 'Save and continue' });
    await expectOnScreen(saveFilter);
    await expectAccessible();
    await shoot('4-filter');
    await saveFilter.click();

    // 5. Preview and go live.
    const preview = page.getByRole('region', { name: 'Preview an order, then go live' });
    await preview.getByText('Ready to send').waitFor();
    const start = preview.getByRole('button', { name: 'Start syncing' });
    await expectOnScreen(start);
    await expectAccessible();
    await shoot('5-preview');
    await start.click();

    // Then the dashboard.
    await page.getByRole('link', { name: 'Dashboard' }).and(page.locator('[aria-current="page"]')).waitFor();
    await expect(page.getByText('Step 1 of 5: Connect IOM').count()).resolves.toBe(0);
    expect(await h.deps.storage.settings.get(STORE)).toMatchObject({ syncEnabled: true });
    await shoot('6-dashboard');
    expect(watch.problems()).toEqual([]);
  });

  it('says what to do when the store has no orders to preview yet', async () => {
    // A second store, with no orders; connected and tested through the API like step 1 and 2 do.
    const other = 'othr9k2';
    expect((await installStore(h, other)).status).toBe(200);
    await page.goto(await h.sim.loadUrl(other, 1111111, '/welcome'));
    await page.getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await page.getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await page.getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await page.getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('region', { name: 'Choose which orders go to IOM' }).waitFor();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const preview = page.getByRole('region', { name: 'Preview an order, then go live' });
    await preview.getByText('No orders in this store yet').waitFor();
    await preview.getByText(/Place a test order in BigCommerce, then refresh/).waitFor();
    await expectAccessible();
    await shoot('5-preview-empty');
    expect(watch.problems()).toEqual([]);
  });
});
