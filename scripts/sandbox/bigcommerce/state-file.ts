import fs from 'node:fs';
import path from 'node:path';
import type { StoredAppExtension } from './app-extension-registry';
import type { SimulatorContext } from './context';
import type { AccessToken } from './grants';
import type { OrderMetafield } from './orders/metafield-store';
import type { OrderRecord } from './orders/order-model';
import type { SavedStore } from './store-directory';
import type { WebhookRecord } from './types';

/**
 * The demo's memory across restarts (option `stateFile`): what the app needs to keep working with a
 * restarted simulator — the stores and their install, the current tokens, the hooks, the App Extensions,
 * the orders and their metafields. Authorization codes, deliveries and the request log are not kept.
 */
interface SavedState {
  version: 1;
  stores: SavedStore[];
  tokens: AccessToken[];
  hooks: { hooks: WebhookRecord[]; nextId: number };
  appExtensions: StoredAppExtension[];
  orders: Record<string, OrderRecord[]>;
  metafields: { fields: Array<OrderMetafield & { storeHash: string }>; nextId: number };
}

/** Reads the file into the simulator's state; a missing file is a fresh start, a broken one an error. */
export function restoreState(ctx: SimulatorContext, file: string): boolean {
  if (!fs.existsSync(file)) return false;
  let saved: SavedState;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedState;
  } catch (error) {
    throw new Error(
      `The BigCommerce simulator's state file ${file} is not readable JSON (${(error as Error).message}); delete it to start afresh.`,
      { cause: error },
    );
  }
  if (saved.version !== 1)
    throw new Error(`The state file ${file} has an unknown version; delete it to start afresh.`);
  ctx.stores.restore(saved.stores);
  ctx.grants.restore(saved.tokens);
  ctx.hooks.restore(saved.hooks);
  ctx.appExtensions.restore(saved.appExtensions);
  ctx.orders.restore(saved.orders);
  ctx.metafields.restore(saved.metafields);
  return true;
}

/** Writes the state atomically (a temp file renamed over the old one). */
export function saveState(ctx: SimulatorContext, file: string): void {
  const state: SavedState = {
    version: 1,
    stores: ctx.stores.snapshot(),
    tokens: ctx.grants.snapshot(),
    hooks: ctx.hooks.snapshot(),
    appExtensions: ctx.appExtensions.snapshot(),
    orders: ctx.orders.snapshot(),
    metafields: ctx.metafields.snapshot(),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Saves shortly after a burst of changes, and once more on `flush` (at close). */
export function stateSaver(ctx: SimulatorContext, file: string): { changed(): void; flush(): void } {
  let timer: NodeJS.Timeout | null = null;
  const write = () => {
    timer = null;
    try {
      saveState(ctx, file);
    } catch (error) {
      console.error(`BigCommerce simulator: could not save its state to ${file}:`, (error as Error).message);
    }
  };
  return {
    changed: () => {
      if (timer) return;
      timer = setTimeout(write, 250);
      timer.unref();
    },
    flush: () => {
      if (timer) clearTimeout(timer);
      write();
    },
  };
}
