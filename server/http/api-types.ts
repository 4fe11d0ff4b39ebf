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
    role: 'owner' | 'user';
  };
  /** ISO-8601 expiry of the token used for this request. */
  expiresAt: string;
}

export interface RefreshResponse {
  token: string;
  expiresAt: string;
}

export interface ApiErrorBody {
  error: {
    /** Stable machine code, e.g. `session_expired`, `session_revoked`, `not_found`, `validation_failed`. */
    code: string;
    /** A sentence saying what was wrong and what to do. */
    message: string;
    requestId?: string;
  };
}
