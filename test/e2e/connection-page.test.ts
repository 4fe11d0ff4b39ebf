import type { FrameLocator, Locator, Page } from 'playwright-core';

import { saveScreenshot, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { scanAccessibility, seriousViolations } from '../helpers/axe';
import { installStore, jsonRequest, openApp, sandboxConnectionBody, type Harness } from '../helpers/harness';

const STORE = 'demo7x3';
const OWNER = 7654321;

/**
 * The merchant connects the store to IOM from the cockpit, in real Chromium, inside the simulated
 * BigCommerce control panel, against the real app and the Entra + Dataverse/IOM simulator.
 */
describe('the IOM connection page (Chromium, real app and simulators)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;
  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    stepTimeoutMs: 8_000,
    beforeEachPage: async (harness) => {
      harness.iom.reset();
      await harness.deps.storage.connections.delete(STORE);
    },
  });

  const frame = (): FrameLocator => page.frameLocator('#app-frame');
  const results = (app: FrameLocator | Page) => app.getByRole('region', { name: 'Connection test' });
  const check = (app: FrameLocator | Page, label: string): Locator =>
    results(app).getByRole('listitem').filter({ hasText: label });
  const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? '';

  /** The accessible description of a control: the text of the elements its aria-describedby names. */
  const descriptionOf = (locator: Locator): Promise<string> =>
    locator.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  /** A full-page shot once BigDesign's transitions (buttons fading back from disabled) have finished. */
  async function shoot(name: string): Promise<void> {
    await page.waitForTimeout(400);
    await saveScreenshot(page, name);
  }

  /** A full-page shot with the iframe grown to its content, so the whole app page is in the picture. */
  async function shootControlPanel(name: string): Promise<void> {
    const iframe = page.locator('#app-frame');
    const height = await frame()
      .locator('html')
      .evaluate((html) => html.scrollHeight);
    await iframe.evaluate((element, px) => {
      (element as HTMLIFrameElement).style.minHeight = `${px}px`;
    }, height);
    await shoot(name);
    // Back to the control panel's own size (a modal centres itself in the iframe's viewport).
    await iframe.evaluate((element) => {
      (element as HTMLIFrameElement).style.minHeight = '';
    });
  }

  async function installAndOpenConnectionPage(): Promise<FrameLocator> {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    const app = frame();
    await app.getByRole('heading', { name: 'IOM Connector' }).waitFor();
    await app
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'IOM connection' })
      .click();
    await app.getByRole('form', { name: 'Connection details' }).waitFor();
    return app;
  }

  async function fillConnection(app: FrameLocator | Page, secret: string): Promise<void> {
    await app.getByLabel('Dataverse environment URL').fill(h.iom.environmentUrl);
    await app.getByLabel('Directory (tenant) ID').fill(h.iom.credentials.tenantId);
    await app.getByLabel('Application (client) ID').fill(h.iom.credentials.clientId);
    await app.getByLabel('Client secret').fill(secret);
  }

  it('connects check by check: wrong secret, fixed secret, change tracking off, the alternate key, then disconnects', async () => {
    await page.goto(h.sim.controlPanelUrl);
    await page.getByRole('button', { name: 'Install app' }).click();
    const app = frame();

    // A store that is not set up opens on the onboarding flow; the connection page is in the navigation.
    await app.getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });
    const nav = app.getByRole('navigation', { name: 'IOM Connector' });
    await nav.getByRole('link', { name: 'IOM connection' }).click();

    const form = app.getByRole('form', { name: 'Connection details' });
    await app
      .getByRole('region', { name: 'Connection test' })
      .getByText(/Not tested yet/)
      .waitFor();
    await expect(
      nav.getByRole('link', { name: 'IOM connection' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    await expect(
      nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current'),
    ).resolves.toBeNull();
    await results(app)
      .getByText(/Not tested yet/)
      .waitFor();
    await expect(
      form.getByRole('radio', { name: 'Write sales orders to Dataverse (recommended)' }).isChecked(),
    ).resolves.toBe(true);
    await expect(form.getByLabel('Intake provider URL').count()).resolves.toBe(0);
    // Nothing is saved yet, so there is nothing to test or disconnect.
    await expect(form.getByRole('button', { name: 'Test connection' }).count()).resolves.toBe(0);
    await expect(form.getByRole('button', { name: 'Disconnect' }).count()).resolves.toBe(0);
    await expect(descriptionOf(form.getByLabel('Dataverse environment URL'))).resolves.toContain(
      'Power Platform admin center → Environments → your environment → Environment URL',
    );
    await expect(form.getByLabel('Dataverse environment URL').getAttribute('placeholder')).resolves.toBe(
      'https://contoso.crm.dynamics.com',
    );
    await expect(form.getByLabel('Client secret').getAttribute('type')).resolves.toBe('password');
    await shootControlPanel('connection-empty');

    // 1. A wrong secret: saved, and the sign-in check says what is wrong; the rest is skipped.
    await fillConnection(app, 'not-the-secret');
    await form.getByRole('button', { name: 'Save and test' }).click();
    await results(app)
      .getByRole('alert')
      .getByText('Not connected yet — fix the failed checks below')
      .waitFor();
    const signIn = check(app, 'Sign-in to Microsoft Entra ID');
    await expect(textOf(signIn)).resolves.toMatch(
      /Failed.*rejected the client secret.*Certificates & secrets/,
    );
    await expect(results(app).getByRole('listitem').count()).resolves.toBe(8);
    await expect(textOf(check(app, 'Can read sales orders'))).resolves.toMatch(/Skipped/);
    await expect(
      results(app)
        .getByText(/^Tested just now$/)
        .isVisible(),
    ).resolves.toBe(true);
    expect(await h.deps.storage.connections.get(STORE)).toMatchObject({
      clientSecret: 'not-the-secret',
      lastTest: { ok: false },
    });
    // The secret is never shown again: the field is empty, with a hint.
    await expect(form.getByLabel('Client secret').inputValue()).resolves.toBe('');
    await expect(descriptionOf(form.getByLabel('Client secret'))).resolves.toMatch(
      /^Saved — leave empty to keep it/,
    );
    await shootControlPanel('connection-wrong-secret');

    // 2. The right secret: every check passes.
    await form.getByLabel('Client secret').fill(h.iom.credentials.clientSecret);
    await form.getByRole('button', { name: 'Save and test' }).click();
    await results(app).getByRole('alert').getByText('Connected — every check passed').waitFor();
    await expect(results(app).getByRole('listitem').count()).resolves.toBe(8);
    for (const label of [
      'Sign-in to Microsoft Entra ID',
      'Dataverse environment reachable',
      'App registration is an application user',
      'Can read sales orders',
      'Intelligent Order Management installed',
      'Change tracking on Order and Fulfillment Order',
      'Fulfillment tables',
      'Alternate key on the external order id',
    ]) {
      await expect(textOf(check(app, label))).resolves.toContain('Passed');
    }
    expect((await h.deps.storage.connections.get(STORE))?.lastTest?.ok).toBe(true);
    await shootControlPanel('connection-connected');

    // 3. Change tracking switched off in Dataverse: Test connection names the table and the fix.
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = false;
    await form.getByRole('button', { name: 'Test connection' }).click();
    await results(app)
      .getByRole('alert')
      .getByText('Not connected yet — fix the failed checks below')
      .waitFor();
    await expect(textOf(check(app, 'Change tracking on Order and Fulfillment Order'))).resolves.toMatch(
      /Failed.*Change tracking is off on Fulfillment Order \(msdyn_fulfillmentorder\).*Track changes/,
    );
    await shootControlPanel('connection-change-tracking-off');
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = true;

    // 4. No alternate key: a warning, and the app offers to create it.
    h.iom.knobs.alternateKeyOnExternalOrderId = false;
    await form.getByRole('button', { name: 'Test connection' }).click();
    await results(app).getByRole('alert').getByText('Connected, with 1 warning').waitFor();
    const keyCheck = check(app, 'Alternate key on the external order id');
    await expect(textOf(keyCheck)).resolves.toMatch(
      /Warning.*There is no alternate key on msdyn_externalorderid/,
    );
    await shootControlPanel('connection-alternate-key-warning');
    await keyCheck.getByRole('button', { name: 'Create the alternate key' }).click();
    await results(app).getByRole('alert').getByText('Connected — every check passed').waitFor();
    await expect(textOf(keyCheck)).resolves.toContain('Passed');
    await expect(keyCheck.getByRole('button', { name: 'Create the alternate key' }).count()).resolves.toBe(0);
    await keyCheck.getByText('Alternate key created').waitFor();
    expect(h.iom.knobs.alternateKeyOnExternalOrderId).toBe(true);

    // 5. Without the customization privilege, the app says what to ask the Dataverse admin for.
    h.iom.knobs.alternateKeyOnExternalOrderId = false;
    h.iom.knobs.privileges.customizeEntities = false;
    watch.expectHttpError('/api/connection/alternate-key', 403);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await results(app).getByRole('alert').getByText('Connected, with 1 warning').waitFor();
    await keyCheck.getByRole('button', { name: 'Create the alternate key' }).click();
    const denied = keyCheck.getByRole('alert').filter({ hasText: 'The alternate key could not be created' });
    await denied.waitFor();
    await expect(textOf(denied)).resolves.toMatch(/may not customize tables.*System Customizer/);
    await shootControlPanel('connection-alternate-key-denied');

    // Connected (a warning does not block): the set-up goes on with the defaults, not the connection.
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await app.getByText('Step 3 of 5: Choose defaults').waitFor({ state: 'attached' });
    await shootControlPanel('connection-onboarding-resumed');
    await nav.getByRole('link', { name: 'IOM connection' }).click();

    // The saved values come back; saving without retyping the secret keeps it.
    await expect(form.getByLabel('Dataverse environment URL').inputValue()).resolves.toBe(
      h.iom.environmentUrl,
    );
    await expect(form.getByLabel('Directory (tenant) ID').inputValue()).resolves.toBe(
      h.iom.credentials.tenantId,
    );
    await results(app).getByRole('alert').getByText('Connected, with 1 warning').waitFor();
    h.iom.knobs.alternateKeyOnExternalOrderId = true;
    await form.getByRole('button', { name: 'Save and test' }).click();
    await results(app).getByRole('alert').getByText('Connected — every check passed').waitFor();
    expect((await h.deps.storage.connections.get(STORE))?.clientSecret).toBe(h.iom.credentials.clientSecret);

    // 6. Disconnect asks first; Cancel changes nothing.
    await form.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = app.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Disconnect IOM?' }).waitFor();
    await expect(textOf(dialog)).resolves.toContain(h.iom.environmentUrl);
    await shoot('connection-disconnect-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await h.deps.storage.connections.get(STORE)).not.toBeNull();

    await form.getByRole('button', { name: 'Disconnect' }).click();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await form.getByRole('alert').getByText('IOM disconnected').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();
    await expect(form.getByLabel('Dataverse environment URL').inputValue()).resolves.toBe('');
    await expect(form.getByRole('button', { name: 'Test connection' }).count()).resolves.toBe(0);
    await results(app)
      .getByText(/Not tested yet/)
      .waitFor();

    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await app.getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });

    expect(watch.problems()).toEqual([]);
  }, 90_000);

  it('names each invalid field next to it before anything is sent, and clears it on edit', async () => {
    const app = await installAndOpenConnectionPage();
    const form = app.getByRole('form', { name: 'Connection details' });
    watch.expectHttpError('/api/connection', 400);

    await form.getByLabel('Dataverse environment URL').fill('contoso.crm.dynamics.com');
    await form.getByLabel('Directory (tenant) ID').fill('my tenant');
    await form.getByLabel('Application (client) ID').fill('12345');
    await form.getByLabel('Client secret').fill('s3cret-value');
    await form.getByRole('button', { name: 'Save and test' }).click();

    const refused = form.getByRole('alert').filter({ hasText: 'The connection was not saved' });
    await refused.waitFor();
    await expect(textOf(refused)).resolves.toContain(
      'Fix the 3 fields marked in red: Dataverse environment URL, Directory (tenant) ID and Application (client) ID.',
    );
    const environmentUrl = form.getByLabel('Dataverse environment URL');
    const tenantId = form.getByLabel('Directory (tenant) ID');
    const clientId = form.getByLabel('Application (client) ID');
    await expect(environmentUrl.getAttribute('aria-invalid')).resolves.toBe('true');
    // One message per field, and the form is checked before anything is sent.
    await expect(descriptionOf(environmentUrl)).resolves.toMatch(
      /Must be a full URL starting with https:\/\/ \(example: https:\/\/contoso[^;]*$/,
    );
    await expect(descriptionOf(tenantId)).resolves.toMatch(/Must be the Directory \(tenant\) ID, a GUID/);
    await expect(descriptionOf(clientId)).resolves.toMatch(/Must be the Application \(client\) ID, a GUID/);
    await expect(form.getByLabel('Client secret').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(await h.deps.storage.connections.get(STORE)).toBeNull();
    await shootControlPanel('connection-invalid');

    await tenantId.fill(h.iom.credentials.tenantId);
    await expect(tenantId.getAttribute('aria-invalid')).resolves.toBeNull();
    await expect(descriptionOf(tenantId)).resolves.not.toMatch(/Must be/);
    await expect(environmentUrl.getAttribute('aria-invalid')).resolves.toBe('true');

    expect(watch.problems()).toEqual([]);
  });

  it('in intake-provider mode asks for the intake URL, saves it, and never shows its signature', async () => {
    const app = await installAndOpenConnectionPage();
    const form = app.getByRole('form', { name: 'Connection details' });
    watch.expectHttpError('/api/connection', 400);

    await fillConnection(app, h.iom.credentials.clientSecret);
    // BigDesign draws its own radio over a visually hidden input: click the label, as a person would.
    await form.getByText('Send orders to my IOM intake provider').click();
    await expect(
      form.getByRole('radio', { name: 'Send orders to my IOM intake provider' }).isChecked(),
    ).resolves.toBe(true);
    const intakeUrl = form.getByLabel('Intake provider URL');
    await expect(descriptionOf(intakeUrl)).resolves.toMatch(
      /HTTP POST URL of your intake provider’s message-handler flow/,
    );

    await form.getByRole('button', { name: 'Save and test' }).click();
    await form.getByRole('alert').filter({ hasText: 'The connection was not saved' }).waitFor();
    await expect(descriptionOf(intakeUrl)).resolves.toMatch(/Required in intake-provider mode/);

    await intakeUrl.fill(h.iom.intakeUrl);
    await form.getByRole('button', { name: 'Save and test' }).click();
    await results(app).getByRole('alert').getByText('Connected — every check passed').waitFor();
    expect(await h.deps.storage.connections.get(STORE)).toMatchObject({
      intakeMode: 'intake-provider',
      intakeUrl: h.iom.intakeUrl,
    });
    await expect(intakeUrl.inputValue()).resolves.toBe('');
    const hint = await descriptionOf(intakeUrl);
    expect(hint).toMatch(/^Saved as .*sig=••••••/);
    expect(hint).not.toContain(new URL(h.iom.intakeUrl).searchParams.get('sig') ?? '(no sig)');

    // Back to Dataverse mode: the intake URL field goes away.
    await form.getByText('Write sales orders to Dataverse (recommended)').click();
    await expect(form.getByLabel('Intake provider URL').count()).resolves.toBe(0);
    await form.getByText(/You have unsaved changes/).waitFor();

    expect(watch.problems()).toEqual([]);
  });

  it('lays out without sideways scrolling at 1280 px and 360 px, with failed, warning and passed checks', async () => {
    h.iom.knobs.changeTracking.msdyn_fulfillmentorder = false;
    h.iom.knobs.alternateKeyOnExternalOrderId = false;
    // The app on its own (as the iframe would show it), so the page is as wide as the viewport.
    expect((await installStore(h, STORE)).status).toBe(200);
    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/connection'));
    const form = page.getByRole('form', { name: 'Connection details' });
    await fillConnection(page, h.iom.credentials.clientSecret);
    await form.getByRole('button', { name: 'Save and test' }).click();
    await results(page)
      .getByRole('alert')
      .getByText('Not connected yet — fix the failed checks below')
      .waitFor();
    await check(page, 'Alternate key on the external order id')
      .getByRole('button', { name: 'Create the alternate key' })
      .waitFor();

    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shoot('connection-1280');

    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shoot('connection-360');

    await page
      .getByRole('navigation', { name: 'IOM Connector' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    // The set-up resumes at the failed test, and cannot go on.
    await page.getByText('Step 2 of 5: Test the connection').waitFor({ state: 'attached' });
    await expect(page.getByRole('button', { name: 'Continue' }).isDisabled()).resolves.toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shoot('connection-onboarding-360');

    expect(watch.problems()).toEqual([]);
  });

  it('at 1366 px keeps a 300-character intake URL inside its card, reports every empty field at once, and has no serious axe violation', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    const token = await openApp(h, STORE, OWNER);
    const base = h.iom.intakeUrl;
    const longUrl = `${base}${base.includes('?') ? '&' : '?'}pad=${'x'.repeat(Math.max(0, 300 - base.length - 5))}`;
    expect(longUrl.length).toBeGreaterThanOrEqual(300);
    const saved = await jsonRequest(
      h,
      token,
      'PUT',
      '/api/connection',
      sandboxConnectionBody(h, { intakeMode: 'intake-provider', intakeUrl: longUrl }),
    );
    expect(saved.status).toBe(200);
    await page.setViewportSize({ width: 1366, height: 560 });
    await page.goto(await h.sim.loadUrl(STORE, OWNER, '/connection'));
    const form = page.getByRole('form', { name: 'Connection details' });
    await form.getByText(/^Saved as /).waitFor();
    const layout = await page.evaluate(() => {
      const card = (name: string) =>
        [...document.querySelectorAll('[role="region"]')]
          .find((region) => region.querySelector('h2')?.textContent === name)
          ?.getBoundingClientRect();
      const details = card('Connection details');
      const test = card('Connection test');
      const hint = [...document.querySelectorAll('p, span, div')]
        .filter((element) => element.textContent?.startsWith('Saved as '))
        .at(-1)
        ?.getBoundingClientRect();
      return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        detailsRight: details?.right ?? Infinity,
        testLeft: test?.left ?? -Infinity,
        hintRight: hint?.right ?? Infinity,
      };
    });
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.detailsRight).toBeLessThanOrEqual(layout.testLeft);
    expect(layout.hintRight).toBeLessThanOrEqual(layout.detailsRight);
    await shoot('connection-long-intake-url-1366');
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);

    // Every empty field is reported in the first round, one message each, and nothing is sent.
    await form.getByText('Write sales orders to Dataverse (recommended)').click();
    for (const label of ['Dataverse environment URL', 'Directory (tenant) ID', 'Application (client) ID']) {
      await form.getByLabel(label).fill('');
    }
    await form.getByRole('button', { name: 'Save and test' }).click();
    const refused = form.getByRole('alert').filter({ hasText: 'The connection was not saved' });
    await expect(textOf(refused)).resolves.toContain(
      'Fix the 3 fields marked in red: Dataverse environment URL, Directory (tenant) ID and Application (client) ID.',
    );
    await expect(descriptionOf(form.getByLabel('Dataverse environment URL'))).resolves.toMatch(
      /Required: paste the environment URL \(example: https:\/\/contoso\.crm\.dynamics\.com\)$/,
    );
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);

    // The disconnect dialog is named by its question.
    await form.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect IOM?' });
    await dialog.waitFor();
    expect(seriousViolations(await scanAccessibility(page))).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(watch.problems()).toEqual([]);
  });
});
