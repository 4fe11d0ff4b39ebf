import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';
import { locals } from '../locals';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (reusing a sane incoming X-Request-Id), a child logger, and one access
 * log line when it finishes. Only the path is logged, never the query string: /auth carries the
 * install code and /load the signed payload.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    const path = req.path; // captured now: mounted routers rewrite req.url while they run
    const ctx = locals(res);
    ctx.requestId = requestId;
    ctx.log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      ctx.log[level](
        {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          storeHash: ctx.storeHash,
          userId: ctx.userId,
          errorCode: ctx.errorCode,
        },
        'request',
      );
    });
    next();
  };
}
