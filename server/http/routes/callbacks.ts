import { Router, type Response } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { install } from '../../lifecycle/install';
import { load } from '../../lifecycle/load';
import { removeUser } from '../../lifecycle/remove-user';
import { uninstall } from '../../lifecycle/uninstall';
import { renderAppShell, renderMessagePage } from '../app-shell';
import { locals } from '../locals';

/**
 * The four BigCommerce app callbacks (paths are a contract: /auth, /load, /uninstall, /remove_user).
 * /auth and /load answer the merchant's browser inside the control-panel iframe, so they always
 * answer with a page — the app itself or a branded explanation — never a blank frame.
 */
export function callbackRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/auth', async (req, res) => {
    try {
      const result = await install(deps, req.query);
      Object.assign(locals(res), { storeHash: result.storeHash, userId: result.userId });
      sendPage(res, 200, renderAppShell({ ...result.session, path: '/' }, { title: 'IOM Connector' }));
    } catch (error) {
      sendFailurePage(res, error, () => 'The install could not be completed');
    }
  });

  router.get('/load', async (req, res) => {
    try {
      const result = await load(deps, req.query.signed_payload_jwt);
      Object.assign(locals(res), { storeHash: result.storeHash, userId: result.userId });
      sendPage(
        res,
        200,
        renderAppShell({ ...result.session, path: result.path }, { title: 'IOM Connector' }),
      );
    } catch (error) {
      sendFailurePage(res, error, (failure) =>
        failure.code === 'not_installed'
          ? 'IOM Connector is not installed'
          : 'IOM Connector could not be opened',
      );
    }
  });

  router.get('/uninstall', async (req, res) => {
    const result = await uninstall(deps, req.query.signed_payload_jwt);
    locals(res).storeHash = result.storeHash;
    res.json({ ok: true });
  });

  router.get('/remove_user', async (req, res) => {
    const result = await removeUser(deps, req.query.signed_payload_jwt);
    Object.assign(locals(res), result);
    res.json({ ok: true });
  });

  return router;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);
}

/** A branded error page in the iframe, with the status of the failure and the request id to quote. */
function sendFailurePage(res: Response, error: unknown, title: (failure: AppError) => string): void {
  const failure = asAppError(error, res);
  sendPage(
    res,
    failure.status,
    renderMessagePage({
      tone: 'error',
      title: title(failure),
      message: failure.message,
      detail: `Reference: ${locals(res).requestId}`,
    }),
  );
}

function asAppError(error: unknown, res: Response): AppError {
  if (error instanceof AppError) {
    locals(res).log.warn({ code: error.code, status: error.status, err: error }, error.message);
    return error;
  }
  locals(res).log.error({ err: error }, 'unexpected callback failure');
  return new AppError(
    500,
    'internal_error',
    'Something went wrong on our side. Please try again in a minute.',
  );
}
