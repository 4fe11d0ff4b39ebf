import type { Page } from 'playwright-core';
import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { eventually } from '../helpers/eventually';
import type { Harness } from '../helpers/harness';

/**
 * The merchant's path through the simulated BigCommerce control panel in real Chromium: install,
 * see the app inside the iframe, open it as another user, remove that user, uninstall.
 */
describe('the app inside the BigCommerce control panel (Chromium)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current));

  const frame = () => page.frameLocator('#app-frame');

  it('install, open as staff, remove the staff user, uninstall', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();

    // The install answers inside the iframe with the app itself: its onboarding, signed in as the installer.
    await frame().getByRole('heading', { name: 'IOM Connector' }).waitFor();
    await frame().getByText('Step 1 of 5: Connect IOM').waitFor();
    await frame()
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'Users' })
      .click();
    await frame().getByText('owner@example.com').first().waitFor();
    await frame().getByText('Owner', { exact: true }).first().waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'IOM Connector is installed on Demo Outfitters.' })
      .waitFor();
    await saveScreenshot(page, 'e2e-installed');
    expect((await h.deps.storage.stores.get('demo7x3'))?.status).toBe('installed');

    // Another user of the store opens the app (multi-user).
    await page.getByLabel('Signed in as').selectOption({ label: 'staff@example.com' });
    await page.getByLabel('Deep link path').fill('/users');
    await page.getByRole('button', { name: 'Open app' }).click();
    await frame().getByText('staff@example.com').first().waitFor();
    await frame().getByText('User', { exact: true }).first().waitFor();
    expect(await h.deps.storage.users.get('demo7x3', 9876543)).toMatchObject({ role: 'user' });
    // A plain user sees the IOM connection read-only, with whom to ask.
    await frame().getByRole('link', { name: 'IOM connection' }).click();
    await frame()
      .getByText(
        'Only the store owner or an app admin can connect IOM. Ask owner@example.com to make you an admin in IOM Connector › Users.',
      )
      .waitFor();
    expect(await frame().getByRole('button', { name: 'Save and test' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'e2e-staff-read-only');

    // The owner removes that user: BigCommerce calls /remove_user server to server.
    await page.getByRole('button', { name: 'Remove user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /remove_user|removed/i })
      .waitFor();
    expect(
      await eventually(
        () => h.deps.storage.users.get('demo7x3', 9876543),
        (u) => u === null,
      ),
    ).toBeNull();

    // Uninstall: the store is marked and its secrets are gone.
    await page.getByLabel('Signed in as').selectOption({ label: 'owner@example.com (owner)' });
    await page.getByRole('button', { name: 'Uninstall' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /uninstall/i })
      .waitFor();
    const store = await eventually(
      () => h.deps.storage.stores.get('demo7x3'),
      (s) => s?.status === 'uninstalled',
    );
    expect(store?.status).toBe('uninstalled');
    expect((await h.deps.storage.stores.get('demo7x3'))?.accessToken).toBeNull();

    expect(watch.problems()).toEqual([]);
  });

  it('a deep link opens the named page of the app', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    await frame().getByRole('heading', { name: 'IOM Connector' }).waitFor();
    await page.getByLabel('Deep link path').fill('/no-such-page');
    await page.getByRole('button', { name: 'Open app' }).click();
    await frame().getByText('Page not found').waitFor();
    await frame().getByText('/no-such-page').waitFor();
    expect(watch.problems()).toEqual([]);
  });
});
