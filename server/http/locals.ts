import type { Response } from 'express';
import type { Logger } from '../logger';
import type { StoreRecord, UserRecord } from '../storage/types';

/** Per-request state kept on res.locals, typed. */
export interface RequestLocals {
  requestId: string;
  log: Logger;
  /** Set by requireSession on /api routes. */
  session?: AuthenticatedSession;
  /** Filled in by handlers so the access log line names the store and user. */
  storeHash?: string;
  userId?: number;
  /** Set by the error middleware so the access log line names an error answer's code. */
  errorCode?: string;
}

export interface AuthenticatedSession {
  store: StoreRecord;
  user: UserRecord;
  expiresAt: string;
}

export function locals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

/** The session of an /api request; requireSession guarantees it is there. */
export function sessionOf(res: Response): AuthenticatedSession {
  const session = locals(res).session;
  if (!session) throw new Error('sessionOf() called on a route without requireSession');
  return session;
}
