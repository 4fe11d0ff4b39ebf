/**
 * App Extensions (https://developer.bigcommerce.com/docs/integrations/apps/app-extensions): menu items an
 * app registers per store on native control panel pages. Each belongs to the app (client id) that created
 * it; BigCommerce allows at most two per app per model.
 */

export const APP_EXTENSION_CONTEXTS = ['LINK', 'PANEL'] as const;
export const APP_EXTENSION_MODELS = ['ORDERS', 'PRODUCTS', 'CUSTOMERS'] as const;
/** https://developer.bigcommerce.com/docs/integrations/apps/app-extensions/guide: "up to two per model". */
export const MAX_EXTENSIONS_PER_MODEL = 2;

export type AppExtensionContext = (typeof APP_EXTENSION_CONTEXTS)[number];
export type AppExtensionModel = (typeof APP_EXTENSION_MODELS)[number];

export interface AppExtensionLabel {
  defaultValue: string;
  locales: Array<{ value: string; localeCode: string }>;
}

/** An extension as the GraphQL Admin API shows it (`AppExtension`). */
export interface AppExtensionRecord {
  /** A global id, `bc/store/appExtension/{n}`. */
  id: string;
  context: AppExtensionContext;
  model: AppExtensionModel;
  /** The app path; `${id}` is replaced with the record's id when a merchant opens it. */
  url: string;
  label: AppExtensionLabel;
}

export interface StoredAppExtension extends AppExtensionRecord {
  storeHash: string;
  clientId: string;
}

export type CreateResult = { ok: true; extension: AppExtensionRecord } | { ok: false; message: string };

export class AppExtensionRegistry {
  private readonly extensions: StoredAppExtension[] = [];
  private nextId = 1;

  list(storeHash: string, clientId: string): AppExtensionRecord[] {
    return this.extensions.filter((e) => e.storeHash === storeHash && e.clientId === clientId).map(view);
  }

  /** Every app's extensions on the store (the control panel shows them all). */
  allForStore(storeHash: string): AppExtensionRecord[] {
    return this.extensions.filter((e) => e.storeHash === storeHash).map(view);
  }

  create(storeHash: string, clientId: string, input: Omit<AppExtensionRecord, 'id'>): CreateResult {
    const sameModel = this.list(storeHash, clientId).filter((e) => e.model === input.model);
    if (sameModel.length >= MAX_EXTENSIONS_PER_MODEL) {
      return {
        ok: false,
        message: `An app can register at most ${MAX_EXTENSIONS_PER_MODEL} app extensions for the ${input.model} model on a store.`,
      };
    }
    const stored: StoredAppExtension = {
      ...structuredClone(input),
      id: `bc/store/appExtension/${this.nextId++}`,
      storeHash,
      clientId,
    };
    this.extensions.push(stored);
    return { ok: true, extension: view(stored) };
  }

  /** True when the app's extension existed and is gone. */
  delete(storeHash: string, clientId: string, id: string): boolean {
    const index = this.extensions.findIndex(
      (e) => e.storeHash === storeHash && e.clientId === clientId && e.id === id,
    );
    if (index < 0) return false;
    this.extensions.splice(index, 1);
    return true;
  }

  /** Uninstall: BigCommerce removes the app's extensions with the app (sandbox assumption). */
  deleteAll(storeHash: string, clientId: string): void {
    for (let i = this.extensions.length - 1; i >= 0; i--) {
      const e = this.extensions[i]!;
      if (e.storeHash === storeHash && e.clientId === clientId) this.extensions.splice(i, 1);
    }
  }

  /** For the demo's state file. */
  snapshot(): StoredAppExtension[] {
    return structuredClone(this.extensions);
  }

  restore(saved: StoredAppExtension[]): void {
    this.extensions.splice(0, this.extensions.length, ...structuredClone(saved));
    const ids = saved.map((e) => Number(/(\d+)$/.exec(e.id)?.[1] ?? 0));
    this.nextId = Math.max(0, ...ids) + 1;
  }
}

function view(e: StoredAppExtension): AppExtensionRecord {
  return { id: e.id, context: e.context, model: e.model, url: e.url, label: structuredClone(e.label) };
}
