import { destinationProblem } from './destination-rule';
import type { WebhookRecord } from './types';

/** BigCommerce: at most 10 hooks per store + client_id + scope. */
export const MAX_HOOKS_PER_SCOPE = 10;

export interface HookFields {
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
}

export interface HookOwner {
  storeHash: string;
  clientId: string;
}

export interface HookListFilter {
  is_active?: boolean;
  scope?: string;
  destination?: string;
}

/** A rule the hook breaks: the 422 title and the per-field messages of BigCommerce's `errors` object. */
export interface HookRuleViolation {
  title: string;
  errors: Record<string, string>;
}

export type HookWriteResult = { ok: true; hook: WebhookRecord } | { ok: false; violation: HookRuleViolation };

/** Webhook subscriptions and BigCommerce's rules for them. Every method is scoped to one store and client:
 *  hooks are visible only to the client that created them. */
export class HookRegistry {
  private readonly hooks = new Map<number, WebhookRecord>();
  /** BigCommerce hook ids are large integers; the start value only makes them look alike. */
  private nextId = 22561593;

  list(owner: HookOwner, filter: HookListFilter): WebhookRecord[] {
    return this.owned(owner)
      .filter((h) => filter.is_active === undefined || h.is_active === filter.is_active)
      .filter((h) => filter.scope === undefined || h.scope === filter.scope)
      .filter((h) => filter.destination === undefined || h.destination === filter.destination)
      .map(copy);
  }

  get(owner: HookOwner, id: number): WebhookRecord | null {
    const hook = this.hooks.get(id);
    return hook && ownedBy(hook, owner) ? copy(hook) : null;
  }

  create(owner: HookOwner, fields: HookFields, now: number): HookWriteResult {
    const violation = this.violation(owner, fields, null);
    if (violation) return { ok: false, violation };
    const at = toUnixSeconds(now);
    const hook: WebhookRecord = {
      id: this.nextId++,
      client_id: owner.clientId,
      store_hash: owner.storeHash,
      ...fields,
      created_at: at,
      updated_at: at,
    };
    this.hooks.set(hook.id, hook);
    return { ok: true, hook: copy(hook) };
  }

  /** Applies the given fields (undefined ones stay as they are); null when the hook is not the owner's. */
  update(owner: HookOwner, id: number, changes: Partial<HookFields>, now: number): HookWriteResult | null {
    const hook = this.hooks.get(id);
    if (!hook || !ownedBy(hook, owner)) return null;
    const next: HookFields = {
      scope: changes.scope ?? hook.scope,
      destination: changes.destination ?? hook.destination,
      is_active: changes.is_active ?? hook.is_active,
      headers: changes.headers === undefined ? hook.headers : changes.headers,
    };
    const violation = this.violation(owner, next, id);
    if (violation) return { ok: false, violation };
    Object.assign(hook, next, { updated_at: toUnixSeconds(now) });
    return { ok: true, hook: copy(hook) };
  }

  delete(owner: HookOwner, id: number): WebhookRecord | null {
    const hook = this.hooks.get(id);
    if (!hook || !ownedBy(hook, owner)) return null;
    this.hooks.delete(id);
    return copy(hook);
  }

  /** What BigCommerce does on uninstall: every hook the app registered on the store goes. */
  deleteAll(owner: HookOwner): void {
    for (const hook of this.owned(owner)) this.hooks.delete(hook.id);
  }

  /** What BigCommerce does after a hook's final failed retry; false when the hook is gone. */
  deactivate(id: number, now: number): boolean {
    const hook = this.hooks.get(id);
    if (!hook) return false;
    Object.assign(hook, { is_active: false, updated_at: toUnixSeconds(now) });
    return true;
  }

  /** Every hook on the store, whichever client made it (for inspection in tests and the webhook dispatcher). */
  allForStore(storeHash: string): WebhookRecord[] {
    return [...this.hooks.values()].filter((h) => h.store_hash === storeHash).map(copy);
  }

  /** For the demo's state file. */
  snapshot(): { hooks: WebhookRecord[]; nextId: number } {
    return { hooks: [...this.hooks.values()].map(copy), nextId: this.nextId };
  }

  restore(saved: { hooks: WebhookRecord[]; nextId: number }): void {
    this.hooks.clear();
    for (const hook of saved.hooks) this.hooks.set(hook.id, copy(hook));
    this.nextId = Math.max(this.nextId, saved.nextId);
  }

  private owned(owner: HookOwner): WebhookRecord[] {
    return [...this.hooks.values()].filter((h) => ownedBy(h, owner));
  }

  private violation(owner: HookOwner, fields: HookFields, selfId: number | null): HookRuleViolation | null {
    const problem = destinationProblem(fields.destination);
    if (problem) return { title: 'Invalid destination', errors: { destination: `destination ${problem}` } };
    const sameScope = this.owned(owner).filter((h) => h.scope === fields.scope && h.id !== selfId);
    if (sameScope.some((h) => h.destination === fields.destination)) {
      // Wording is ours: BigCommerce documents the rule, not its error text.
      return {
        title: 'A webhook with this scope and destination already exists',
        errors: { destination: 'duplicate of an existing webhook for this scope' },
      };
    }
    if (sameScope.length >= MAX_HOOKS_PER_SCOPE) {
      return {
        title: `Limit of ${MAX_HOOKS_PER_SCOPE} webhooks per scope reached`,
        errors: { scope: `at most ${MAX_HOOKS_PER_SCOPE} webhooks per store, client and scope` },
      };
    }
    return null;
  }
}

function ownedBy(hook: WebhookRecord, owner: HookOwner): boolean {
  return hook.store_hash === owner.storeHash && hook.client_id === owner.clientId;
}

function copy(hook: WebhookRecord): WebhookRecord {
  return { ...hook, headers: hook.headers === null ? null : { ...hook.headers } };
}

function toUnixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
