/**
 * @jest-environment ./test/helpers/jsdom-environment.js
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { SettingsPage } from '../../client/pages/SettingsPage';
import { startMailCatcher, type MailCatcher } from '../../scripts/sandbox/mail';
import {
  jsonRequest,
  ownerSession,
  sandboxConnectionBody,
  startHarness,
  type Harness,
} from '../helpers/harness';
import { renderPage, setApiOrigin } from '../helpers/render-page';

jest.setTimeout(30_000);

let h: Harness;
let mail: MailCatcher;
let token: string;
const STORE = 'demo7x3';

beforeAll(async () => {
  mail = await startMailCatcher();
  h = await startHarness({ env: { SMTP_URL: mail.smtpUrl } });
  token = await ownerSession(h, STORE);
  await jsonRequest(h, token, 'PUT', '/api/connection', sandboxConnectionBody(h));
  setApiOrigin(h.appUrl);
});
afterAll(async () => {
  await h.close();
  await mail.close();
});

async function notificationsRegion() {
  return screen.findByRole('region', { name: 'Notifications' });
}

test('recipients are saved; a bad address shows its field error; a test e-mail reaches the mail catcher', async () => {
  const user = userEvent.setup();
  renderPage(<SettingsPage />, { token, path: '/settings' });
  const region = await notificationsRegion();
  const panel = within(region);
  await user.click(panel.getByRole('checkbox', { name: 'Send failure e-mails' }));
  await user.type(panel.getByRole('textbox', { name: 'Recipient 1' }), 'ops@example.com');
  await user.click(panel.getByRole('button', { name: 'Add recipient' }));
  await user.type(panel.getByRole('textbox', { name: 'Recipient 2' }), 'not-an-address');
  await user.click(panel.getByRole('button', { name: 'Save' }));
  expect(await panel.findByText(/E-mail address is not an e-mail address/)).toBeTruthy();
  expect(panel.getByRole('textbox', { name: 'Recipient 2' }).getAttribute('aria-invalid')).toBe('true');
  expect((await h.deps.storage.settings.get(STORE))?.notifications).toBeUndefined();

  await user.clear(panel.getByRole('textbox', { name: 'Recipient 2' }));
  await user.type(panel.getByRole('textbox', { name: 'Recipient 2' }), 'lead@example.com');
  await user.click(panel.getByRole('button', { name: 'Save' }));
  expect(await panel.findByText('Notification settings saved')).toBeTruthy();
  expect((await h.deps.storage.settings.get(STORE))?.notifications).toMatchObject({
    enabled: true,
    recipients: ['ops@example.com', 'lead@example.com'],
  });

  await user.click(panel.getByRole('button', { name: 'Send test e-mail' }));
  expect(await panel.findByText('Test e-mail sent')).toBeTruthy();
  const message = await mail.waitForMessage((m) => m.subject.startsWith('IOM Connector: test e-mail'));
  expect(message.to).toEqual(['ops@example.com', 'lead@example.com']);
});

test('disconnect and purge asks for the store name, names what goes, and lands the store back at onboarding', async () => {
  const user = userEvent.setup();
  renderPage(<SettingsPage />, { token, path: '/settings', routes: { '/': () => <p>Onboarding</p> } });
  const region = await screen.findByRole('region', { name: 'Disconnect and purge' });
  await user.click(within(region).getByRole('button', { name: 'Disconnect and purge…' }));
  const dialog = await screen.findByRole('dialog', { name: `Disconnect and purge ${STORE}?` });
  expect(within(dialog).getByRole('heading', { name: `Disconnect and purge ${STORE}?` })).toBeTruthy();
  expect(within(dialog).getByText('SKU, carrier and status mappings')).toBeTruthy();
  const purge = within(dialog).getByRole('button', { name: 'Purge' });
  expect(purge.hasAttribute('disabled')).toBe(true);
  await user.type(within(dialog).getByRole('textbox', { name: `Type ${STORE} or PURGE to confirm` }), STORE);
  const enabled = within(dialog).getByRole('button', { name: 'Purge' });
  expect(enabled.hasAttribute('disabled')).toBe(false);
  await user.click(enabled);
  expect(await screen.findByText('Onboarding', {}, { timeout: 5_000 })).toBeTruthy();
  expect(await h.deps.storage.connections.get(STORE)).toBeNull();
  expect(await h.deps.storage.settings.get(STORE)).toBeNull();
  expect((await h.deps.storage.stores.get(STORE))?.status).toBe('installed');
});
