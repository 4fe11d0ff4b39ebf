import { Router, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { install } from '../../lifecycle/install';
import { load } from '../../lifecycle/load';
import { removeUser } from '../../lifecycle/remove-user';
import { uninstall } from '../../lifecycle/uninstall';
import { renderAppShell, renderMessagePage } from '../app-shell';
import { locals } from '../locals';

const CALLBACK_PATHS = ['/auth', '/load', '/uninstall', '/remove_user'];

/**
 * The four BigCommerce app callbacks (paths are a contract: /auth, /load, /uninstall, /remove_user).
 * BigCommerce calls them with GET only; any other method (HEAD included, which express would
 * otherwise route to the GET handler) is a 405 and runs nothing. /auth and /load answer the
 * merchant's browser inside the control-panel iframe, so they always answer with a page — the app
 * itself or a branded explanation — never a blank frame.
 */
export function callbackRoutes(deps: AppDeps): Router {
  const router = Router();
  router.all(CALLBACK_PATHS, onlyGet);

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
    try {
      const result = await uninstall(deps, req.query.signed_payload_jwt);
      locals(res).storeHash = result.storeHash;
      res.json({ ok: true, outcome: result.outcome });
    } catch (error) {
      sendServerFailure(res, error);
    }
  });

  router.get('/remove_user', async (req, res) => {
    try {
      const result = await removeUser(deps, req.query.signed_payload_jwt);
      Object.assign(locals(res), result);
      res.json({ ok: true });
    } catch (error) {
      sendServerFailure(res, error);
    }
  });

  return router;
}

const onlyGet: RequestHandler = (req, res, next) => {
  if (req.method === 'GET') return next();
  res
    .status(405)
    .setHeader('Allow', 'GET')
    .json({
      error: {
        code: 'method_not_allowed',
        message: `${req.path} is a BigCommerce app callback: BigCommerce calls it with GET only.`,
        requestId: locals(res).requestId,
      },
    });
};

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);
}

/** A branded error page in the iframe: the remedy and the request id to quote; the cause goes to the log. */
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

/**
 * /uninstall and /remove_user answer BigCommerce's servers, not a person: JSON with the exact reason
 * (the payload's problem is no secret to its sender), logged like every other refusal.
 */
function sendServerFailure(res: Response, error: unknown): void {
  const failure = asAppError(error, res);
  const message = failure.detail ? sentence(failure.detail) : failure.message;
  res
    .status(failure.status)
    .json({ error: { code: failure.code, message, requestId: locals(res).requestId } });
}

function asAppError(error: unknown, res: Response): AppError {
  if (error instanceof AppError) {
    // An expected refusal: its reason, no stack trace (`code` is a redacted log field: the install code).
    locals(res).log.warn(
      { errorCode: error.code, status: error.status, ...(error.status >= 500 ? { err: error } : {}) },
      error.detail ?? error.message,
    );
    return error;
  }
  locals(res).log.error({ err: error }, 'unexpected callback failure');
  return new AppError(
    500,
    'internal_error',
    'Something went wrong on our side. Please try again in a minute.',
  );
}

function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
