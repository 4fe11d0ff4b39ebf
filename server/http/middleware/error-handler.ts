import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody, FieldErrorView } from '../api-types';
import { AppError, NotFoundError } from '../../errors';
import { renderMessagePage } from '../app-shell';
import { locals } from '../locals';

/**
 * 404 for anything no route answered: JSON for API clients, and a page for a browser that navigated
 * here directly (e.g. an in-app link opened in a new tab — the app only runs inside the control panel).
 */
export const notFound: RequestHandler = (req, res) => {
  if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html') {
    res
      .status(404)
      .type('html')
      .send(
        renderMessagePage({
          tone: 'info',
          title: 'Open IOM Connector from your control panel',
          message:
            'This page of IOM Connector opens inside your BigCommerce control panel: go to Apps › My Apps and open IOM Connector.',
        }),
      );
    return;
  }
  throw new NotFoundError(`Nothing lives at ${req.method} ${req.path}.`);
};

/**
 * The one error middleware: AppErrors answer with their status, code and message; anything else is a
 * 500 whose details go to the log only. Always JSON in the ApiErrorBody shape, with the request id.
 * Logging: a 4xx is one line (the access line, with `errorCode`) and never a stack trace; a 5xx or an
 * unexpected error logs its stack.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const ctx = locals(res);
  const body = (code: string, message: string, fields?: FieldErrorView[]): ApiErrorBody => ({
    error: { code, message, requestId: ctx.requestId, ...(fields ? { fields } : {}) },
  });
  if (error instanceof AppError) {
    ctx.errorCode = error.code;
    // An expected refusal (4xx) is the access line with its code, plus one line naming a cause when it
    // has one; no stack trace (`code` is a redacted log field: the install code, hence `errorCode`).
    if (error.status >= 500) ctx.log.error({ err: error, errorCode: error.code }, error.message);
    else if (error.cause)
      ctx.log.warn(
        {
          errorCode: error.code,
          status: error.status,
          cause: String((error.cause as Error).message ?? error.cause),
        },
        error.message,
      );
    res.status(error.status).json(body(error.code, error.message, fieldsOf(error)));
    return;
  }
  if (isMalformedPathError(error)) {
    ctx.errorCode = 'bad_request';
    res
      .status(400)
      .json(
        body(
          'bad_request',
          `The request path ${JSON.stringify(req.path.slice(0, 200))} has a malformed percent-escape: every % must start a UTF-8 escape such as %C3%A9 (write a literal % as %25).`,
        ),
      );
    return;
  }
  if (isBodyParserError(error)) {
    ctx.errorCode = 'bad_request';
    res
      .status(error.status)
      .json(body('bad_request', `The request body could not be read: ${error.message}.`));
    return;
  }
  ctx.errorCode = 'internal_error';
  ctx.log.error({ err: error }, 'unhandled error');
  res
    .status(500)
    .json(
      body(
        'internal_error',
        'Something went wrong on our side. Try again; if it keeps happening, contact support with the request id.',
      ),
    );
};

function isBodyParserError(error: unknown): error is { status: number; message: string } {
  const e = error as { type?: unknown; status?: unknown };
  return typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

/** The router could not percent-decode a path parameter (it marks the URIError with status 400). */
function isMalformedPathError(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: unknown }).status === 400;
}

/** An error's field list (validation errors that name fields), if it has one. */
function fieldsOf(error: AppError): FieldErrorView[] | undefined {
  const fields = (error as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return undefined;
  return fields.filter(
    (f): f is FieldErrorView =>
      typeof f === 'object' && f !== null && typeof f.field === 'string' && typeof f.message === 'string',
  );
}
