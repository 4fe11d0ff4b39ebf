import type { SandboxStoreSeed, SandboxUser } from './types';

/** A misuse of a merchant action (unknown store or user, app not installed...); `status` is the HTTP
 *  status the control panel's helper endpoints answer with. */
export class SandboxActionError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxActionError';
  }
}

interface Member {
  user: SandboxUser;
  /** Removed users keep their row so a test can still sign a (now meaningless) payload for them. */
  removed: boolean;
}

export interface StoreView {
  hash: string;
  name: string;
  owner: SandboxUser;
  /** Users who currently have access, the owner first. */
  users: SandboxUser[];
  installed: boolean;
  /** Scopes the app's current token carries; null when not installed. */
  grantedScope: string | null;
}

interface StoreState {
  hash: string;
  name: string;
  owner: SandboxUser;
  members: Map<number, Member>;
  installed: boolean;
  grantedScope: string | null;
}

export interface SavedStore {
  hash: string;
  name: string;
  owner: SandboxUser;
  members: Member[];
  installed: boolean;
  grantedScope: string | null;
}

/** The stores, their users, and whether the app is installed on each. */
export class StoreDirectory {
  private readonly stores = new Map<string, StoreState>();

  constructor(seeds: readonly SandboxStoreSeed[]) {
    for (const seed of seeds) {
      const members = new Map<number, Member>();
      for (const user of [seed.owner, ...(seed.users ?? [])])
        members.set(user.id, { user: { ...user }, removed: false });
      this.stores.set(seed.hash, {
        hash: seed.hash,
        name: seed.name ?? `Store ${seed.hash}`,
        owner: { ...seed.owner },
        members,
        installed: false,
        grantedScope: null,
      });
    }
  }

  list(): StoreView[] {
    return [...this.stores.values()].map(toView);
  }

  get(hash: string): StoreView {
    return toView(this.state(hash));
  }

  has(hash: string): boolean {
    return this.stores.has(hash);
  }

  /** A user who currently has access to the store. */
  activeUser(hash: string, userId: number): SandboxUser {
    const member = this.state(hash).members.get(userId);
    if (!member || member.removed) {
      throw new SandboxActionError(403, `User ${userId} has no access to store ${hash}`);
    }
    return member.user;
  }

  /** Any user the store has ever had, removed ones included (for signing payloads in tests). */
  knownUser(hash: string, userId: number): SandboxUser {
    const member = this.state(hash).members.get(userId);
    if (!member) throw new SandboxActionError(404, `User ${userId} is unknown on store ${hash}`);
    return member.user;
  }

  addUser(hash: string, user: SandboxUser): void {
    const store = this.state(hash);
    const existing = store.members.get(user.id);
    if (existing && !existing.removed)
      throw new SandboxActionError(409, `User ${user.id} already has access to store ${hash}`);
    store.members.set(user.id, { user: { ...user }, removed: false });
  }

  removeUser(hash: string, userId: number): void {
    const store = this.state(hash);
    if (userId === store.owner.id) throw new SandboxActionError(422, 'The store owner cannot be removed');
    this.activeUser(hash, userId);
    store.members.set(userId, { user: this.knownUser(hash, userId), removed: true });
  }

  /** The store's ownership moves to another user who has access; the next signed payloads name them. */
  transferOwnership(hash: string, userId: number): void {
    this.state(hash).owner = { ...this.activeUser(hash, userId) };
  }

  markInstalled(hash: string, grantedScope: string): void {
    const store = this.state(hash);
    store.installed = true;
    store.grantedScope = grantedScope;
  }

  markUninstalled(hash: string): void {
    const store = this.state(hash);
    store.installed = false;
    store.grantedScope = null;
  }

  /** For the demo's state file: every store with its users and install state. */
  snapshot(): SavedStore[] {
    return [...this.stores.values()].map((store) => ({
      hash: store.hash,
      name: store.name,
      owner: { ...store.owner },
      members: [...store.members.values()].map((m) => ({ user: { ...m.user }, removed: m.removed })),
      installed: store.installed,
      grantedScope: store.grantedScope,
    }));
  }

  /** Puts saved stores back; a saved store this simulator was not started with is ignored. */
  restore(saved: SavedStore[]): void {
    for (const store of saved) {
      if (!this.stores.has(store.hash)) continue;
      this.stores.set(store.hash, {
        ...store,
        owner: { ...store.owner },
        members: new Map(store.members.map((m) => [m.user.id, { user: { ...m.user }, removed: m.removed }])),
      });
    }
  }

  private state(hash: string): StoreState {
    const store = this.stores.get(hash);
    if (!store) throw new SandboxActionError(404, `Unknown store ${hash}`);
    return store;
  }
}

function toView(store: StoreState): StoreView {
  const active = [...store.members.values()].filter((m) => !m.removed).map((m) => ({ ...m.user }));
  active.sort((a, b) => Number(b.id === store.owner.id) - Number(a.id === store.owner.id));
  return {
    hash: store.hash,
    name: store.name,
    owner: { ...store.owner },
    users: active,
    installed: store.installed,
    grantedScope: store.grantedScope,
  };
}
