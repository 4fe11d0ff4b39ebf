import type { JobRepository } from '../storage/types';

/**
 * Tells this process's runner that a job was just enqueued, so it claims it at once instead of at
 * its next poll. Other processes (several workers on Firestore) find it at their next poll.
 */
export class JobSignal {
  private readonly listeners = new Set<() => void>();

  /** Call `listener` after every enqueue; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The job repository, with every successful enqueue announced on `signal`. */
export function signallingJobs(jobs: JobRepository, signal: JobSignal): JobRepository {
  return {
    ...jobs,
    enqueue: async (job, now) => {
      const record = await jobs.enqueue(job, now);
      signal.notify();
      return record;
    },
  };
}
