/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { OnboardingPage } from '../../client/pages/OnboardingPage';
import { ownerSession, sandboxConnectionBody, startHarness, type Harness } from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';
import { waitForLink } from '../helpers/relay';

const STORE = 'demo7x3';
let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await ownerSession(h, STORE);
  setApiOrigin(h.appUrl);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.deps.storage.connections.delete(STORE);
  await h.deps.storage.settings.delete(STORE);
});

/** Types the sandbox's connection values into the form, as the merchant pastes them. */
async function typeConnection(overrides: { clientSecret?: string } = {}): Promise<void> {
  const values = sandboxConnectionBody(h, overrides);
  const user = userEvent.setup();
  const fields: Array<[HTMLElement, string]> = [
    [await screen.findByRole('textbox', { name: /Dataverse environment URL/ }), values.environmentUrl],
    [screen.getByRole('textbox', { name: /Directory \(tenant\) ID/ }), String(values.tenantId)],
    [screen.getByRole('textbox', { name: /Application \(client\) ID/ }), String(values.clientId)],
    [screen.getByLabelText(/Client secret/), String(values.clientSecret)],
  ];
  for (const [field, value] of fields) {
    await user.click(field);
    await user.paste(value);
  }
}

function step(name: RegExp) {
  return screen.findByRole('region', { name }, { timeout: 8_000 });
}

test('the first submit reports every empty field at once, one message each, and saves nothing', async () => {
  renderPage(<OnboardingPage />, { token, path: '/welcome' });
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Save and test' }));
  expect(await screen.findByText(/Fix the 4 fields marked in red/)).toBeTruthy();
  for (const name of [/Dataverse environment URL/, /Directory \(tenant\) ID/, /Application \(client\) ID/]) {
    expect(screen.getByRole('textbox', { name }).getAttribute('aria-invalid')).toBe('true');
  }
  const secret = screen.getByLabelText(/Client secret/);
  expect(secret.getAttribute('aria-invalid')).toBe('true');
  expect(screen.getAllByText(/^Required: paste the secret’s Value/)).toHaveLength(1);
  expect(await h.deps.storage.connections.get(STORE)).toBeNull();
});

test('a failing check blocks going on, and says what to fix', async () => {
  renderPage(<OnboardingPage />, { token, path: '/welcome' });
  await typeConnection({ clientSecret: 'not-the-secret' });
  await userEvent.click(screen.getByRole('button', { name: 'Save and test' }));

  const results = await step(/Connection test/);
  await within(results).findByText('Not connected yet — fix the failed checks below', undefined, {
    timeout: 8_000,
  });
  const signIn = within(results)
    .getAllByRole('listitem')
    .find((item) => item.textContent?.includes('Sign-in to Microsoft Entra ID'));
  expect(signIn?.textContent).toMatch(/Failed.*client secret/);
  const next = screen.getByRole('button', { name: 'Continue' });
  expect(next.hasAttribute('disabled')).toBe(true);
  expect(screen.getByText(/To go on, fix the failed check \(Sign-in to Microsoft Entra ID\)/)).toBeTruthy();

  // Back to the form: the secret is fixed there, and the test passes.
  await userEvent.click(screen.getByRole('button', { name: 'Change connection details' }));
  await userEvent.click(await screen.findByLabelText(/Client secret/));
  await userEvent.paste(h.iom.credentials.clientSecret);
  await userEvent.click(screen.getByRole('button', { name: 'Save and test' }));
  await within(await step(/Connection test/)).findByText(/^Connected —/, undefined, { timeout: 8_000 });
  await waitFor(() =>
    expect(screen.getByRole('button', { name: 'Continue' }).hasAttribute('disabled')).toBe(false),
  );
});

test('walks from the connection values to the first order in IOM in five clicks', async () => {
  const earlier = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 2 }] });
  renderPage(<OnboardingPage />, {
    token,
    path: '/welcome',
    routes: { '/': () => <p>The dashboard</p> },
  });
  const user = userEvent.setup();
  await screen.findByText('Step 1 of 5: Connect IOM');
  const register = screen.getAllByRole('link', { name: /Register an app/ })[0]!;
  expect(register.getAttribute('href')).toBe(
    'https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app',
  );
  expect(register.getAttribute('target')).toBe('_blank');
  expect(register.getAttribute('rel')).toBe('noreferrer');
  await typeConnection();

  // 1. Save and test.
  await user.click(screen.getByRole('button', { name: 'Save and test' }));
  await within(await step(/Connection test/)).findByText(/^Connected —/, undefined, { timeout: 8_000 });
  expect(screen.getByText('Step 2 of 5: Test the connection')).toBeTruthy();

  // 2. Continue.
  await user.click(screen.getByRole('button', { name: 'Continue' }));
  const defaults = await step(/Choose the IOM defaults/);
  // Pre-selected from IOM's own lists.
  await waitFor(
    () =>
      expect(
        (within(defaults).getByRole('combobox', { name: /IOM account/ }) as HTMLInputElement).value,
      ).not.toBe(''),
    { timeout: 8_000 },
  );
  expect((within(defaults).getByRole('combobox', { name: /Price list/ }) as HTMLInputElement).value).not.toBe(
    '',
  );

  // 3. Save the defaults.
  await user.click(within(defaults).getByRole('button', { name: 'Save and continue' }));
  const filter = await step(/Choose which orders go to IOM/);
  const settings = await h.deps.storage.settings.get(STORE);
  expect(settings).toMatchObject({
    defaultAccountId: h.iom.catalog.accountId,
    priceListId: h.iom.catalog.priceLevelId,
    syncEnabled: false,
  });
  expect(
    (within(filter).getByRole('checkbox', { name: 'Awaiting Fulfillment' }) as HTMLInputElement).checked,
  ).toBe(true);
  expect((within(filter).getByLabelText(/Go-live date/) as HTMLInputElement).value).toBe(
    new Date().toISOString().slice(0, 10),
  );

  // 4. Save the import filter.
  await user.click(within(filter).getByRole('button', { name: 'Save and continue' }));
  const preview = await step(/Preview an order, then go live/);
  await within(preview).findByRole('radio', { name: `Order #${earlier.id}` });
  const result = await within(preview).findByRole(
    'region',
    { name: `Preview of order #${earlier.id}` },
    { timeout: 8_000 },
  );
  expect(result.textContent).toContain(`bigcommerce_${STORE}_${earlier.id}`);
  expect(within(result).getByText('Ready to send')).toBeTruthy();

  // 5. Start syncing: the dashboard is next, and the next order reaches IOM by itself.
  await user.click(within(preview).getByRole('button', { name: 'Start syncing' }));
  await screen.findByText('The dashboard');
  expect(await h.deps.storage.settings.get(STORE)).toMatchObject({ syncEnabled: true });
  const first = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
  expect((await waitForLink(h, first.id))?.syncState).toBe('synced');
});
