import path from 'node:path';
import { createApp } from './app';
import { clientDirs, composeDeps } from './compose';
import { ConfigError, loadConfig, type Config } from './config';
import type { AppDeps } from './deps';
import { listen } from './http/server';
import { createLogger } from './logger';
import { startMaintenance } from './relay/maintenance';

/**
 * The only place that reads the environment: config → storage → app → listen, and a graceful
 * shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests, close storage).
 */
async function main(): Promise<void> {
  let config: Config;
  let deps: AppDeps;
  try {
    config = loadConfig(process.env);
    // Built layout: dist/server/main.js → repository root is two levels up. Opening storage also
    // checks that APP_SECRET_KEY opens the stored data (a ConfigError if not).
    deps = await composeDeps(
      config,
      createLogger(config.logLevel),
      clientDirs(path.resolve(__dirname, '..', '..')),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(problem);
      process.exit(1);
    }
    throw error;
  }
  const logger = deps.logger;
  const running = await listen(createApp(deps), config.port);
  const maintenance = startMaintenance(deps);
  logger.info(
    { port: running.port, appUrl: config.appUrl, storage: config.storage.kind },
    'IOM Connector listening',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await running.close();
    await maintenance.stop();
    await deps.storage.close();
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
