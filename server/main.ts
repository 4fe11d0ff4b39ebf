import path from 'node:path';
import { clientDirs } from './compose';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startRuntime, type Runtime } from './runtime';

/**
 * The only place that reads the environment: config → the runtime (storage, app, job runner,
 * schedules), and a graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests
 * and jobs, close storage).
 */
async function main(): Promise<void> {
  let runtime: Runtime;
  try {
    const config = loadConfig(process.env);
    // Built layout: dist/server/main.js → repository root is two levels up. Opening storage also
    // checks that APP_SECRET_KEY opens the stored data (a ConfigError if not).
    runtime = await startRuntime(config, {
      logger: createLogger(config.logLevel, undefined, config.logFormat),
      dirs: clientDirs(path.resolve(__dirname, '..', '..')),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(problem);
      process.exit(1);
    }
    throw error;
  }
  const { config, logger } = runtime.deps;
  logger.info(
    { port: runtime.port, appUrl: config.appUrl, storage: config.storage.kind, role: config.role },
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
