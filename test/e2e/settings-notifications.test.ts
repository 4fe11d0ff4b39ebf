import type { Browser, Page } from 'playwright-core';

import { startMailCatcher, type MailCatcher } from '../../scripts/sandbox/mail';
import { launchBrowser, saveScreenshot, watchPage, type PageWatch } from '../helpers/browser';
import {
  installStore,
  jsonRequest,
  openApp,
  sandboxConnectionBody,
  startHarness,
  type Harness,
} from '../helpers/harness';

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

  beforeAll(async () => {
    mail = await startMailCatcher();
    h = await startHarness({ env: { LOG_LEVEL: 'warn', SMTP_URL: mail.smtpUrl } });
    browser = await launchBrowser();
    expect((await installStore(h, STORE)).status).toBe(200);
    const token = await openApp(h, STORE, OWNER);
    await jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h));
    await jsonRequest(h, token, 'POST', '/api/connection/test');
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await mail?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10_000);
    watch = watchPage(page);
  });
  afterEach(async () => {
    await page?.close();
  });

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
