import type { AppDeps } from '../deps';

/** How often expired webhook receipts are deleted. */
export const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export interface Maintenance {
  /** Stop the timer and wait for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Periodic housekeeping that keeps storage from growing without bound: delete expired webhook
 * receipts. A failed pass is logged and retried at the next tick; it never stops the process.
 */
export function startMaintenance(
  deps: Pick<AppDeps, 'storage' | 'logger' | 'clock'>,
  intervalMs = MAINTENANCE_INTERVAL_MS,
): Maintenance {
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      const purged = await deps.storage.receipts.purgeExpired(deps.clock());
      if (purged > 0) deps.logger.info({ purged }, 'expired webhook receipts purged');
    } catch (error) {
      deps.logger.error({ err: error }, 'maintenance pass failed; retrying at the next tick');
    }
  };
  const timer = setInterval(() => {
    running = running.then(pass);
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
