/**
 * Types shared by the server's HTTP layer and the browser client (type-only imports from client/).
 * Every JSON error the app returns has the ApiErrorBody shape.
 */

/** Embedded in the app shell page as `<script id="app-bootstrap" type="application/json">`. */
export interface AppBootstrap {
  /** The app's own short-lived session token; the client sends it as `Authorization: Bearer <token>`. */
  token: string;
  /** ISO-8601 expiry of `token`. */
  expiresAt: string;
  /** In-app path to open first (the signed payload's `url` deep link), always starting with `/`. */
  path: string;
}

export interface SessionResponse {
  store: {
    hash: string;
    status: 'installed' | 'uninstalled';
    scopes: string[];
    installedAt: string;
  };
  user: {
    id: number;
    email: string;
    role: UserRoleView;
  };
  /** What this user may do; the client hides or disables the rest and says why. */
  permissions: SessionPermissions;
  /** The store owner, whom a user asks to be made an admin. */
  owner: { email: string };
  /** ISO-8601 expiry of the token used for this request. */
  expiresAt: string;
}

/** `owner`: the store owner; `admin`: made an app admin by the owner; `user`: views and operates. */
export type UserRoleView = 'owner' | 'admin' | 'user';

export interface SessionPermissions {
  /** Change, disconnect and extend the IOM connection (and the settings that decide where orders go):
   *  the owner and app admins. */
  manageConnection: boolean;
  /** Make users app admins or back to users: the owner only. */
  manageUsers: boolean;
}

/** A user of the store who has opened IOM Connector. */
export interface UserView {
  id: number;
  email: string;
  role: UserRoleView;
  /** ISO-8601 time the user last opened the app. */
  lastSeenAt: string;
}

/** GET /api/users: the owner first, then admins, then users, each by email. */
export interface UsersResponse {
  users: UserView[];
}

/** PUT /api/users/:userId (owner only). The owner's own role cannot be changed. */
export interface UserRoleBody {
  role: 'admin' | 'user';
}

export interface UserResponse {
  user: UserView;
}

export interface RefreshResponse {
  token: string;
  expiresAt: string;
}

export interface ApiErrorBody {
  error: {
    /** Stable machine code, e.g. `session_expired`, `session_revoked`, `not_found`, `validation_failed`,
     *  `forbidden_role`. */
    code: string;
    /** A sentence saying what was wrong and what to do. */
    message: string;
    requestId?: string;
  };
}

export type ConnectionCheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface ConnectionCheckView {
  id: string;
  label: string;
  status: ConnectionCheckStatus;
  message: string;
  /** Something the app can do for the merchant: `create-alternate-key` or `reactivate-alternate-key`. */
  action?: string;
}

export interface ConnectionTestView {
  ok: boolean;
  testedAt: string;
  checks: ConnectionCheckView[];
}

/** The store's IOM connection as the cockpit sees it: the client secret is never returned. */
export interface ConnectionView {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  hasClientSecret: boolean;
  intakeMode: 'dataverse' | 'intake-provider';
  /** With its `sig` credential masked. */
  intakeUrl: string | null;
  updatedAt: string;
  lastTest: ConnectionTestView | null;
}

export interface ConnectionResponse {
  connection: ConnectionView | null;
}

/** PUT /api/connection. Leave clientSecret out to keep the saved one. */
export interface ConnectionInputBody {
  environmentUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  intakeMode: 'dataverse' | 'intake-provider';
  intakeUrl?: string | null;
}

export interface MasterDataResponse {
  items: Array<{ id: string; name: string; detail: string | null }>;
  /** More rows exist than were returned. */
  truncated: boolean;
}

export interface ProductLookupResponse {
  found: Record<string, { productId: string; name: string; defaultUnitId: string | null }>;
  missing: string[];
}
