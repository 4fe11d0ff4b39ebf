import type { Browser, Page } from 'playwright-core';

import type { MailCatcher } from '../../scripts/sandbox/mail';
import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { installStore, jsonRequest, openApp, sandboxConnectionBody, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;

jest.setTimeout(90_000);

/**
 * The Settings page's notifications and purge in real Chromium at 1366×900 against the real app, the
 * simulators and the mail catcher: recipients saved, a test e-mail read in the catcher's inbox, the
 * purge confirmation.
 */
describe('Settings: notifications and disconnect-and-purge (Chromium)', () => {
  let h: Harness;
  let mail: MailCatcher;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  useControlPanelBrowser(
    (current) => {
      ({ h, browser, page, watch } = current);
      mail = current.mail!;
    },
    {
      mail: true,
      setup: async (harness) => {
        expect((await installStore(harness, STORE)).status).toBe(200);
        const token = await openApp(harness, STORE, OWNER);
        await jsonRequest(harness, token, 'PUT', '/api/connection', sandboxConnectionBody(harness));
        await jsonRequest(harness, token, 'POST', '/api/connection/test');
      },
      viewport: { width: 1366, height: 900 },
      stepTimeoutMs: 10_000,
    },
  );

  it('saves recipients, sends a test e-mail that shows in the mail catcher, and confirms a purge by the store name', async () => {
    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/settings'));
    const notifications = page.getByRole('region', { name: 'Notifications' });
    await notifications.getByRole('textbox', { name: 'Recipient 1' }).fill('ops@example.com');
    await notifications.getByText('Send failure e-mails', { exact: true }).click();
    await notifications.getByRole('button', { name: 'Save' }).click();
    await notifications.getByText('Notification settings saved').waitFor();
    await notifications.getByRole('button', { name: 'Send test e-mail' }).click();
    await notifications.getByText('Test e-mail sent').waitFor();
    await mail.waitForMessage((m) => m.subject.startsWith('IOM Connector: test e-mail'));
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'settings');

    const purgeRegion = page.getByRole('region', { name: 'Disconnect and purge' });
    await purgeRegion.getByRole('button', { name: 'Disconnect and purge…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Disconnect and purge ${STORE}?` }).waitFor();
    await dialog.getByRole('textbox', { name: `Type ${STORE} or PURGE to confirm` }).fill(STORE);
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'settings-purge-confirm');
    await dialog.getByRole('button', { name: 'Purge' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();
    expect(watch.problems()).toEqual([]);

    const inbox = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await inbox.goto(mail.inboxUrl);
    await inbox.getByRole('heading', { name: /IOM Connector: test e-mail/ }).waitFor();
    await saveScreenshot(inbox, 'mail-catcher');
    await inbox.close();
  });
});
