import express, { type Express } from 'express';
import type { AppDeps } from './deps';
import { renderMessagePage } from './http/app-shell';
import { errorHandler, notFound } from './http/middleware/error-handler';
import { requestContext } from './http/middleware/request-context';
import { frameAncestors, securityHeaders } from './http/middleware/security-headers';
import { apiRoutes } from './http/routes/api';
import { callbackRoutes } from './http/routes/callbacks';
import { healthRoutes } from './http/routes/health';
import { iomEventRoutes } from './http/routes/iom-events';
import { metricsRoutes } from './http/routes/metrics';
import { webhookRoutes } from './http/routes/webhooks';

/** Build the express app from injected dependencies. No I/O happens here. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestContext(deps.logger));
  app.use(
    securityHeaders({
      frameAncestors: frameAncestors(deps.config.bigcommerce.loginUrl),
      https: deps.config.appUrl.startsWith('https://'),
    }),
  );

  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(callbackRoutes(deps));
  app.use(webhookRoutes(deps));
  app.use(iomEventRoutes(deps));
  app.use('/api', express.json({ limit: '256kb' }), apiRoutes(deps));

  const staticOptions = { index: false, fallthrough: true, setHeaders: noCache };
  app.use('/static', express.static(deps.clientDistDir, staticOptions));
  app.use('/static', express.static(deps.clientStaticDir, staticOptions));

  app.get('/', (_req, res) => {
    res.type('html').send(
      renderMessagePage({
        tone: 'info',
        title: 'IOM Connector',
        message:
          'IOM Connector runs inside your BigCommerce control panel. Open it from Apps › My Apps in your store’s control panel.',
      }),
    );
  });

  app.use(notFound);
  app.use(errorHandler);
  return app;
}

/** Assets are small and versionless: always revalidate (ETag), never serve a stale bundle. */
function noCache(res: express.Response): void {
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * The HTTP face of a ROLE=worker process: /healthz, /readyz and /metrics only, so a platform can probe
 * it; anything else is the usual 404.
 */
export function createWorkerApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestContext(deps.logger));
  app.use(
    securityHeaders({
      frameAncestors: frameAncestors(deps.config.bigcommerce.loginUrl),
      https: deps.config.appUrl.startsWith('https://'),
    }),
  );
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
