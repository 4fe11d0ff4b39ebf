/**
 * What a task says happened. The runner alone turns it into a storage transition (complete / retry /
 * park); a task never touches its job record.
 */
export type JobOutcome =
  | { type: 'done' }
  | { type: 'retry'; reason: string; afterMs?: number }
  /** A merchant-readable reason: the job stops until something enqueues it again. */
  | { type: 'park'; reason: string };

export const done = (): JobOutcome => ({ type: 'done' });
export const retry = (reason: string, afterMs?: number): JobOutcome => ({ type: 'retry', reason, afterMs });
export const park = (reason: string): JobOutcome => ({ type: 'park', reason });
