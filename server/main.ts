import path from 'node:path';
import { clientDirs } from './compose';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { startRuntime } from './runtime';

/**
 * The only place that reads the environment: config → the runtime (storage, app, job runner,
 * schedules), and a graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests
 * and jobs, close storage).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(problem);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Built layout: dist/server/main.js → repository root is two levels up.
  const runtime = await startRuntime(config, {
    logger,
    dirs: clientDirs(path.resolve(__dirname, '..', '..')),
  });
  logger.info(
    { port: runtime.port, appUrl: config.appUrl, storage: config.storage.kind },
    'IOM Connector listening',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await runtime.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('IOM Connector failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
