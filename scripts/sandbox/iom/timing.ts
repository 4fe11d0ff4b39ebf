/** The latency and random-failure knobs' building blocks. */

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** True with probability `rate` (0..1). */
export function chance(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}
