import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { clientDirs } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { AppDeps } from '../../server/deps';
import { createLogger } from '../../server/logger';
import { newPushSecret } from '../../server/relay/push-signature';
import { startRuntime } from '../../server/runtime';
import { DEFAULT_STORES, startBigCommerceSimulator } from './bigcommerce';
import { startIomSimulator, type IomSimulator } from './iom';
import { startMailCatcher } from './mail';

/**
 * `npm run demo`: the connector (SQLite) plus the BigCommerce and the Entra + Dataverse/IOM simulators
 * on this machine, no accounts anywhere. Prints one URL: the simulated control panel, where you install
 * and open the app; the IOM connection values to type in are printed too.
 */
const APP_PORT = 3000;
const BIGCOMMERCE_PORT = 3001;
const IOM_PORT = 3002;
/** The mail catcher: its inbox page, and the SMTP port the app sends its notifications to. */
const MAIL_HTTP_PORT = 3003;
const MAIL_SMTP_PORT = 2525;
const HOST = '127.0.0.1';
const DEMO_STORE = DEFAULT_STORES[0]!.hash;

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const appUrl = `http://${HOST}:${APP_PORT}`;
  const clientId = 'sandbox-iom-connector';
  const clientSecret = randomBytes(24).toString('base64url');

  const iom = await startIomSimulator({ port: IOM_PORT, host: HOST });
  // The app's failure e-mails land in the mail catcher (its inbox: mail.inboxUrl).
  const mail = await startMailCatcher({ host: HOST, smtpPort: MAIL_SMTP_PORT, httpPort: MAIL_HTTP_PORT });
  const bigcommerce = await startBigCommerceSimulator({
    port: BIGCOMMERCE_PORT,
    host: HOST,
    appUrl,
    clientId,
    clientSecret,
    // A restarted demo still knows the store is installed (its token, hooks, orders).
    stateFile: path.join(dataDir, 'demo-bigcommerce.json'),
    // Side items of the control panel: where the app's failure e-mails and IOM's warehouse work are.
    links: [
      { label: 'Mail inbox', url: mail.inboxUrl },
      { label: 'IOM operator page', url: iom.operatorUrl },
    ],
    notes: [
      {
        title: 'Sandbox IOM: connect with these values (IOM connection page)',
        rows: [
          { label: 'Environment URL', value: iom.environmentUrl },
          { label: 'Directory (tenant) ID', value: iom.credentials.tenantId },
          { label: 'Application (client) ID', value: iom.credentials.clientId },
          { label: 'Client secret', value: iom.credentials.clientSecret },
          { label: 'Intake provider URL', value: iom.intakeUrl },
          { label: 'IOM operator page (pick, pack, ship)', value: iom.operatorUrl, link: true },
        ],
      },
    ],
  });
  const config = loadConfig({
    PORT: String(APP_PORT),
    APP_URL: appUrl,
    BC_CLIENT_ID: clientId,
    BC_CLIENT_SECRET: clientSecret,
    BC_LOGIN_URL: bigcommerce.url,
    BC_API_URL: bigcommerce.url,
    ENTRA_AUTHORITY_HOST: iom.authorityHost,
    STORAGE: 'sqlite',
    SQLITE_PATH: path.join(dataDir, 'demo.db'),
    APP_SECRET_KEY: demoSecretKey(path.join(dataDir, 'demo-secret.key')),
    // One readable line per event in the terminal (LOG_FORMAT=json for pino's JSON lines).
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    // The demo shows IOM's updates within seconds: the sandbox IOM also pushes (wired below).
    IOM_POLL_INTERVAL_S: process.env.IOM_POLL_INTERVAL_S ?? '5',
    SMTP_URL: mail.smtpUrl,
  });
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const runtime = await startRuntime(config, { logger, dirs: clientDirs(root), host: HOST });

  console.log('');
  console.log('  IOM Connector sandbox is running.');
  console.log('');
  console.log(`  Open ${bigcommerce.controlPanelUrl}`);
  console.log('');
  console.log('  Then: Install app → the connector opens inside the simulated control panel.');
  console.log('  The values to connect the sandbox IOM are shown on that page. Ctrl+C stops.');
  console.log('');

  const pushWiring = wireIomPush(runtime.deps, iom, appUrl);

  const stop = async () => {
    clearInterval(pushWiring);
    await runtime.stop(2_000);
    await bigcommerce.close();
    await iom.close();
    await mail.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * Let the sandbox IOM push its changes to the connector, as a provider action or Power Automate flow
 * would in a real environment: once the demo store is installed, give it a push secret (if it has
 * none yet) and point the sandbox IOM at `POST /iom/events` with it; a rotated secret is picked up.
 */
function wireIomPush(deps: AppDeps, iom: IomSimulator, appUrl: string): NodeJS.Timeout {
  let configured: string | null = null;
  const wire = async () => {
    const store = await deps.storage.stores.get(DEMO_STORE);
    if (store?.status !== 'installed') return;
    if (!store.pushSecret) await deps.storage.stores.setPushSecret(DEMO_STORE, newPushSecret(), deps.clock());
    const secret = (await deps.storage.stores.get(DEMO_STORE))?.pushSecret;
    if (!secret || secret === configured) return;
    iom.configurePush({ url: `${appUrl}/iom/events`, secret, storeHash: DEMO_STORE });
    configured = secret;
  };
  const timer = setInterval(() => void wire().catch(() => undefined), 2_000);
  timer.unref();
  return timer;
}

/** One key per checkout, kept in data/ so the demo database stays readable across restarts. */
function demoSecretKey(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}

main().catch((error: unknown) => {
  console.error('The demo failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
