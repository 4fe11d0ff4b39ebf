/**
 * The app's session inside the iframe: reads the bootstrap the server embedded in the page, holds the
 * current token, refreshes it at half-life while the app is open, and records when the session ends.
 */
import type { AppBootstrap, RefreshResponse } from '../server/http/api-types';
import { ApiError, apiPost, type ApiSession } from './api';

export const BOOTSTRAP_ELEMENT_ID = 'app-bootstrap';

/** Refresh no sooner than this (guards against a skewed clock) and no later than this. */
export const MIN_REFRESH_DELAY_MS = 10_000;
export const MAX_REFRESH_DELAY_MS = 30 * 60_000;
/** After a transient refresh failure (network, 5xx), try again after this long. */
export const REFRESH_RETRY_DELAY_MS = 30_000;

export type BootstrapResult = { ok: true; bootstrap: AppBootstrap } | { ok: false; problem: string };

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Validates the bootstrap JSON; never throws. */
export function parseBootstrap(text: string | null | undefined): BootstrapResult {
  const json = text?.trim();
  if (!json) return { ok: false, problem: 'The page has no session data.' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'The session data on the page could not be read.' };
  }
  if (typeof value !== 'object' || value === null) {
    return { ok: false, problem: 'The session data on the page is not an object.' };
  }
  const { token, expiresAt, path } = value as Record<string, unknown>;
  if (!isNonEmptyString(token)) return { ok: false, problem: 'The session data has no token.' };
  if (!isNonEmptyString(expiresAt) || Number.isNaN(Date.parse(expiresAt))) {
    return { ok: false, problem: 'The session data has no valid expiry time.' };
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return { ok: false, problem: 'The session data has no valid start page.' };
  }
  return { ok: true, bootstrap: { token, expiresAt, path } };
}

export function readBootstrap(doc: Document): BootstrapResult {
  return parseBootstrap(doc.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent);
}

/** Half the remaining lifetime, clamped to [MIN_REFRESH_DELAY_MS, MAX_REFRESH_DELAY_MS]. */
export function refreshDelayMs(expiresAt: string, nowMs: number): number {
  const remaining = Date.parse(expiresAt) - nowMs;
  return Math.min(MAX_REFRESH_DELAY_MS, Math.max(MIN_REFRESH_DELAY_MS, Math.floor(remaining / 2)));
}

type Listener = () => void;

export class Session implements ApiSession {
  private currentToken: string;
  private expiresAt: string;
  private endedBy: ApiError | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(bootstrap: AppBootstrap) {
    this.currentToken = bootstrap.token;
    this.expiresAt = bootstrap.expiresAt;
  }

  get token(): string {
    return this.currentToken;
  }

  /** The error that ended the session, or null while it is usable. */
  readonly getEnded = (): ApiError | null => this.endedBy;

  /** For useSyncExternalStore: called whenever the session ends. */
  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Schedules the first refresh. */
  start(): void {
    this.schedule(refreshDelayMs(this.expiresAt, Date.now()));
  }

  /** Stops refreshing and tells subscribers; the first reason wins. */
  end(error: ApiError): void {
    if (this.endedBy) return;
    this.endedBy = error;
    clearTimeout(this.timer);
    this.listeners.forEach((listener) => listener());
  }

  /** Swaps in a new token; a 401 ends the session (apiPost reports it), other failures are retried. */
  async refresh(): Promise<void> {
    try {
      const next = await apiPost<RefreshResponse>(this, '/api/session/refresh');
      this.currentToken = next.token;
      this.expiresAt = next.expiresAt;
      this.schedule(refreshDelayMs(next.expiresAt, Date.now()));
    } catch (error) {
      if (error instanceof ApiError && error.endsSession) return;
      this.schedule(REFRESH_RETRY_DELAY_MS);
    }
  }

  private schedule(delayMs: number): void {
    if (this.endedBy) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }
}
