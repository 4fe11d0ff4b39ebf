import path from 'node:path';

import type { Page } from 'playwright-core';

import { saveScreenshot, SHOTS_DIR, type PageWatch } from '../helpers/browser';
import { useControlPanelBrowser } from '../helpers/control-panel-browser';
import { installStore, sandboxConnectionBody, type Harness } from '../helpers/harness';
import { STORE, salesOrdersFor, waitForLink } from '../helpers/relay';

const OWNER = 7654321;

jest.setTimeout(90_000);

type Role = Parameters<Page['getByRole']>[0];

/** What has the keyboard focus: enough to say where Tab went, and whether the merchant can see it. */
interface FocusState {
  /** Role and name, e.g. `button "Save and test"`, or `body`. */
  describe: string;
  /** The role and name as the element says (explicit role, or the one of its tag; ARIA label or text). */
  role: string;
  name: string;
  /** The focused control, or the box drawn for it (BigDesign hides the real checkbox and radio inputs). */
  width: number;
  height: number;
  /** An outline or a box shadow is drawn for the focus. */
  indicator: boolean;
  inNav: boolean;
  inDialog: boolean;
}

async function focusState(page: Page): Promise<FocusState> {
  const state = await page.evaluate(async () => {
    const active = document.activeElement;
    if (!active || active === document.body) {
      return {
        body: true,
        role: '',
        name: '',
        width: 0,
        height: 0,
        indicator: false,
        inNav: false,
        inDialog: false,
      };
    }
    const rect = active.getBoundingClientRect();
    // A visually hidden input draws its state and its focus on the box after it (`input:focus + box`).
    const hidden = rect.width <= 1 || rect.height <= 1;
    const shown = hidden && active.nextElementSibling ? active.nextElementSibling : active;
    const shownRect = shown.getBoundingClientRect();
    // BigDesign draws an input's focus on its wrapper (`:focus-within`): a close ancestor about its size.
    const candidates = [shown];
    for (let parent = shown.parentElement, depth = 0; parent && depth < 3; parent = parent.parentElement) {
      const box = parent.getBoundingClientRect();
      if (box.width - shownRect.width > 48 || box.height - shownRect.height > 16) break;
      candidates.push(parent);
      depth += 1;
    }
    // What the focus draws: outlines and box shadows of the control, its box and their ::before/::after.
    const drawing = () =>
      candidates
        .flatMap((element) =>
          [null, '::before', '::after'].map((pseudo) => getComputedStyle(element, pseudo)),
        )
        .map(
          (style) => `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} ${style.boxShadow}`,
        )
        .join('|');
    // The focus is visible when taking it away changes the drawing (transitions are off in this page).
    // BigDesign's inputs draw it from React state set on focus and blur: let React render. A control
    // with several stops (a date input's fields) is checked once: focus() would start it over.
    const seen = window as unknown as { focusChecked?: { element: Element; indicator: boolean } };
    if (seen.focusChecked?.element !== active) {
      const frame = () => new Promise((resolve) => setTimeout(resolve, 0));
      const focused = drawing();
      (active as HTMLElement).blur();
      await frame();
      const unfocused = drawing();
      (active as HTMLElement).focus({ preventScroll: true });
      await frame();
      seen.focusChecked = {
        element: active,
        indicator: focused !== unfocused && document.activeElement === active,
      };
    }
    // A quick role and name (the accessibility tree confirms them when they are the ones looked for).
    const byIds = (ids: string | null) =>
      (ids ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    const labels = active instanceof HTMLInputElement ? [...(active.labels ?? [])] : [];
    const name =
      byIds(active.getAttribute('aria-labelledby')).trim() ||
      active.getAttribute('aria-label') ||
      labels.map((l) => l.textContent).join(' ') ||
      active.textContent ||
      '';
    const type = active.getAttribute('type');
    const role =
      active.getAttribute('role') ??
      (active.tagName === 'A'
        ? 'link'
        : active.tagName === 'BUTTON'
          ? 'button'
          : type === 'checkbox' || type === 'radio'
            ? type
            : active.tagName === 'INPUT' || active.tagName === 'TEXTAREA'
              ? 'textbox'
              : active.tagName.toLowerCase());
    return {
      body: false,
      role,
      name: name.replace(/\s+/g, ' ').trim(),
      width: shownRect.width,
      height: shownRect.height,
      indicator: seen.focusChecked.indicator,
      inNav: active.closest('nav') !== null,
      inDialog: active.closest('[role="dialog"]') !== null,
    };
  });
  const { body, ...rest } = state;
  return { ...rest, describe: body ? 'body' : `${rest.role} "${rest.name.slice(0, 60)}"` };
}

/**
 * Whether the focus is on the control with this role and accessible name: the accessibility tree's
 * word, asked only when the quick role and name look like it (asking costs a round trip).
 */
async function focusMatches(
  page: Page,
  state: FocusState,
  role: Role,
  name: string | RegExp,
): Promise<boolean> {
  const plausible = typeof name === 'string' ? state.name.includes(name) : name.test(state.name);
  if (!plausible) return false;
  // `button "Save and test"`, `textbox "Go-live date": 2026-12-01`, `checkbox "Shipped" [checked]`.
  const snapshot = await page
    .locator(':focus')
    .ariaSnapshot({ timeout: 1_000 })
    .catch(() => '');
  const match = /^- (\w+)(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot);
  if (!match || match[1] !== role) return false;
  const exact = (match[2] ?? '').replace(/\\(.)/g, '$1');
  return typeof name === 'string' ? exact === name : name.test(exact);
}

/**
 * Fails unless the focus is on a control the merchant can see, drawn as focused. `recheck` looks
 * again at a control already seen (the focus came back to it), instead of trusting the last look.
 */
async function expectVisibleFocus(page: Page, { recheck = false } = {}): Promise<FocusState> {
  if (recheck) await page.evaluate(() => delete (window as { focusChecked?: unknown }).focusChecked);
  const state = await focusState(page);
  if (state.describe === 'body') throw new Error('The focus was lost: it is on the page body.');
  if (state.width === 0 || state.height === 0)
    throw new Error(`The focus is on an invisible element: ${state.describe}`);
  if (!state.indicator)
    throw new Error(`No visible focus indicator (outline or box shadow) on ${state.describe}`);
  return state;
}

const END_OF_PAGE = '(end of the page)';
const STUCK = 5;

/**
 * Presses Tab (Shift+Tab with `back`) until the focus is on the control with this role and accessible
 * name; every stop on the way must be visible and drawn as focused. Fails naming each stop it made.
 */
async function tabTo(
  page: Page,
  role: Role,
  name: string | RegExp,
  { max = 30, back = false }: { max?: number; back?: boolean } = {},
): Promise<void> {
  const stops: string[] = [];
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const state = await focusState(page);
    // Past the last control the focus leaves the page (the body has it) and the next press comes round.
    if (state.describe === 'body' && stops.at(-1) !== END_OF_PAGE) {
      stops.push(END_OF_PAGE);
      continue;
    }
    await expectVisibleFocus(page).catch((error: Error) => {
      const before = stops.length > 0 ? `, after ${stops.join(' → ')}` : '';
      throw new Error(`${error.message} (press ${stops.length + 1}${before})`);
    });
    stops.push(state.describe);
    // A date input has a stop per field and one for its calendar: more on one control is a trap.
    if (stops.length >= STUCK && stops.slice(-STUCK).every((stop) => stop === state.describe))
      throw new Error(`${back ? 'Shift+Tab' : 'Tab'} is stuck on ${state.describe}: ${stops.join(' → ')}`);
    if (await focusMatches(page, state, role, name)) return;
  }
  throw new Error(
    `${back ? 'Shift+Tab' : 'Tab'} did not reach ${role} "${name}" in ${max} presses: ${stops.join(' → ')}`,
  );
}

/** Fails unless the focus is (still, or now) on this control. */
async function expectFocusOn(page: Page, role: Role, name: string | RegExp): Promise<void> {
  const state = await focusState(page);
  if (!(await focusMatches(page, state, role, name)))
    throw new Error(`The focus should be on ${role} "${name}", but is on ${state.describe}`);
}

/** Fails unless the focus stayed in the page after an action, inside `within` (a CSS selector). */
async function expectFocusKept(page: Page, after: string, within = 'main'): Promise<void> {
  // The new content is on screen a moment before its effect places the focus (and a button that
  // shows it is busy drops the focus meanwhile): allow that moment, not more.
  await page
    .waitForFunction(
      () => document.activeElement !== null && document.activeElement !== document.body,
      null,
      {
        timeout: 3_000,
      },
    )
    .catch(() => undefined);
  const state = await focusState(page);
  if (state.describe === 'body') throw new Error(`After ${after}, the focus was lost to the page body.`);
  const inside = await page.evaluate(
    (selector) => document.activeElement?.closest(selector) !== null,
    within,
  );
  if (!inside) throw new Error(`After ${after}, the focus is on ${state.describe}, outside ${within}.`);
}

/**
 * The cockpit by keyboard alone, in real Chromium against the real app and simulators: onboarding
 * from the connection form to Start syncing, the navigation, an order page, mapping an unknown SKU
 * with the product combobox, and a confirmation dialog. Only `page.keyboard` drives the app once it is
 * open; every focus stop must be visible and drawn as focused, and no action may drop the focus.
 */
describe('the cockpit by keyboard alone (Chromium 1366×900, real app and simulators)', () => {
  let h: Harness;
  let page: Page;
  let watch: PageWatch;

  useControlPanelBrowser((current) => ({ h, page, watch } = current), {
    harness: { env: { IOM_POLL_INTERVAL_S: '3600' } },
    viewport: { width: 1366, height: 900 },
    pagePer: 'file',
    stepTimeoutMs: 15_000,
  });

  async function type(role: Role, name: string, text: string): Promise<void> {
    await tabTo(page, role, name);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  }

  it('onboards, browses the orders, maps an unknown SKU and opens and closes a dialog', async () => {
    expect((await installStore(h, STORE)).status).toBe(200);
    await page.goto(await h.sim.loadUrl(STORE, OWNER));
    // The focus check compares the drawing with and without the focus: no transition in between.
    await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
    await page.getByText('Step 1 of 5: Connect IOM').waitFor({ state: 'attached' });

    // 1. Onboarding: the connection form, Save and test, then each step's primary action.
    const connection = sandboxConnectionBody(h);
    await type('textbox', 'Dataverse environment URL', connection.environmentUrl);
    await type('textbox', 'Directory (tenant) ID', connection.tenantId);
    await type('textbox', 'Application (client) ID', connection.clientId);
    await type('textbox', 'Client secret', connection.clientSecret);
    await saveScreenshot(page, 'keyboard-1-connect-focused');
    await tabTo(page, 'button', 'Save and test');
    await page.keyboard.press('Enter');
    await page.getByText('Connected — every check passed').waitFor();
    await expectFocusKept(page, 'Save and test');
    await tabTo(page, 'button', 'Continue');
    await page.keyboard.press('Enter');

    const defaults = page.getByRole('region', { name: 'Choose the IOM defaults' });
    await defaults.waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[role="combobox"]')].every((i) => i.value !== ''),
    );
    await expectFocusKept(page, 'Continue');
    await tabTo(page, 'button', 'Save and continue');
    await page.keyboard.press('Enter');

    await page.getByRole('region', { name: 'Choose which orders go to IOM' }).waitFor();
    await expectFocusKept(page, 'saving the defaults');
    await tabTo(page, 'button', 'Save and continue');
    await page.keyboard.press('Enter');

    await page.getByRole('region', { name: 'Preview an order, then go live' }).waitFor();
    await expectFocusKept(page, 'saving the filter');
    await tabTo(page, 'button', 'Start syncing');
    await page.keyboard.press('Enter');
    // The dashboard itself, not just the nav (which marks Dashboard current on the onboarding at / too).
    await page.getByRole('region', { name: 'Health' }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).and(page.locator('[aria-current="page"]')).waitFor();
    await expectFocusKept(page, 'Start syncing');
    expect(await h.deps.storage.settings.get(STORE)).toMatchObject({ syncEnabled: true });

    // Orders in the store: one IOM takes, one with a SKU IOM has no product for.
    const synced = h.sim.placeOrder(STORE, { lines: [{ sku: 'MUG-GRY', quantity: 1 }] });
    const parked = h.sim.placeOrder(STORE, { lines: [{ sku: 'GIFT-CARD-BOX', quantity: 2 }] });
    await waitForLink(h, synced.id, (l) => l?.syncState === 'synced', 20_000);
    await waitForLink(h, parked.id, (l) => l?.attention?.code === 'unmapped_sku', 20_000);

    // 2. The navigation to Orders, an order's page, and back to the navigation.
    await tabTo(page, 'link', 'Orders');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: `Order ${synced.id}` }).waitFor();
    // The page under the navigation changed; the focus is where it was, on the (new) current link.
    await expectFocusOn(page, 'link', 'Orders');
    await expect(page.locator(':focus').getAttribute('aria-current')).resolves.toBe('page');
    await tabTo(page, 'link', `Order ${synced.id}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`Order #?${synced.id}`) }).waitFor();
    await expectFocusKept(page, 'opening an order');
    await tabTo(page, 'link', 'Orders', { back: true });
    expect((await focusState(page)).inNav).toBe(true);

    // 3. Needs attention: pick the IOM product in the combobox, then map and send.
    await tabTo(page, 'link', 'Needs attention');
    await page.keyboard.press('Enter');
    const group = page.getByRole('region', { name: 'Products IOM does not know' });
    await group.getByRole('heading', { name: 'SKU GIFT-CARD-BOX' }).waitFor();
    await expectFocusOn(page, 'link', 'Needs attention');
    await tabTo(page, 'combobox', 'IOM product for GIFT-CARD-BOX');
    await page.keyboard.type('tote');
    const combobox = group.getByRole('combobox', { name: 'IOM product for GIFT-CARD-BOX' });
    await group
      .getByRole('option', { name: /Canvas Tote/ })
      .first()
      .waitFor();
    // Escape closes the list, the down arrow opens it again on a match, Enter picks it.
    await page.keyboard.press('Escape');
    await expect(combobox.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('ArrowDown');
    await expect(combobox.getAttribute('aria-expanded')).resolves.toBe('true');
    await saveScreenshot(page, 'keyboard-2-product-combobox');
    const active = await combobox.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    await expect(page.locator(`[id="${active}"]`).textContent()).resolves.toMatch(/Canvas Tote/);
    await page.keyboard.press('Enter');
    await expect(combobox.inputValue()).resolves.toMatch(/Canvas Tote/);
    await expect(combobox.getAttribute('aria-expanded')).resolves.toBe('false');
    await tabTo(page, 'button', 'Map and send 1 order', { max: 3 });
    await page.keyboard.press('Enter');
    await page.getByText('1 order went through and left the inbox.').waitFor({ timeout: 30_000 });
    // The group left with the button: the focus is at the top of the inbox, where the outcome shows.
    await expectFocusKept(page, 'Map and send');
    await tabTo(page, 'link', 'Settings', { back: true, max: 3 });
    await waitForLink(h, parked.id, (l) => l?.syncState === 'synced', 20_000);
    expect(salesOrdersFor(h, parked.id)).toHaveLength(1);

    // 4. A confirmation dialog: the focus moves in, Escape closes it and returns the focus.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Disconnect and purge…' }).waitFor();
    await expectFocusOn(page, 'link', 'Settings');
    // It is the last control of the page: back round from the navigation.
    await tabTo(page, 'button', 'Disconnect and purge…', { back: true, max: 15 });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Disconnect and purge ${STORE}?` });
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('[role="dialog"]') !== null);
    await expectVisibleFocus(page);
    // Tab stays inside the dialog.
    for (let presses = 0; presses < 6; presses += 1) {
      await page.keyboard.press('Tab');
      const state = await expectVisibleFocus(page);
      if (!state.inDialog) throw new Error(`Tab left the open dialog for ${state.describe}`);
    }
    // The viewport as the merchant sees it (a full-page shot would stretch the modal's backdrop).
    await page.screenshot({ path: path.join(SHOTS_DIR, 'keyboard-3-purge-dialog.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocusOn(page, 'button', 'Disconnect and purge…');
    await expectVisibleFocus(page, { recheck: true });
    expect(await h.deps.storage.settings.get(STORE)).toMatchObject({ syncEnabled: true });

    expect(watch.problems()).toEqual([]);
  });
});
