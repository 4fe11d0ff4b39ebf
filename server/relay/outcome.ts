/**
 * What a task says happened. The runner alone turns it into a storage transition (complete / retry /
 * park); a task never touches its job record.
 */
export type JobOutcome =
  | { type: 'done' }
  | { type: 'retry'; reason: string; afterMs?: number }
  /** A merchant-readable reason: the job stops until something enqueues it again. */
  | { type: 'park'; reason: string }
  /** The task could not start its work yet (e.g. the store's BigCommerce quota is spent): run again
   *  after `afterMs` without counting this run as an attempt. */
  | { type: 'defer'; reason: string; afterMs: number };

export const done = (): JobOutcome => ({ type: 'done' });
export const retry = (reason: string, afterMs?: number): JobOutcome => ({ type: 'retry', reason, afterMs });
export const park = (reason: string): JobOutcome => ({ type: 'park', reason });
export const defer = (reason: string, afterMs: number): JobOutcome => ({ type: 'defer', reason, afterMs });
