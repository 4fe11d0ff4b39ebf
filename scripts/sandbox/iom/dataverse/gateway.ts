/**
 * The HTTP front of the Web API (`/api/data/v9.x/...`): token check, service protection limits, the
 * latency / error / timeout knobs, then `dispatch`.
 */
import type { RequestHandler, Response } from 'express';
import { rawBodyOf } from '../../shared/request-recorder';
import type { IomContext } from '../context';
import { sendDataverseFault } from '../faults';
import { chance, delay } from '../timing';
import { newGuid } from '../ids';
import { authenticate } from './authenticate';
import type { WebApiRequest, WebApiResponse } from './environment';
import { segmentNotFound } from './errors';
import { parsePrefer } from './odata/prefer';
import { errorResponse, renderResponse, HELP_LINK } from './response-body';
import { dispatch } from './web-api';

const SERVICE_PATH = /^\/api\/data\/(v9\.[0-2])(?:\/(.*))?$/;

export function dataverseGateway(ctx: IomContext): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.originalUrl, 'http://simulator.invalid');
    const header = req.headers.prefer;
    const prefer = parsePrefer(Array.isArray(header) ? header.join(', ') : header);
    const withAnnotations = prefer.includeAnnotation(HELP_LINK);
    const match = SERVICE_PATH.exec(url.pathname);
    if (!match)
      return send(res, errorResponse(segmentNotFound(url.pathname.split('/')[3] ?? ''), withAnnotations));
    const auth = await authenticate(ctx, req.headers.authorization);
    if ('error' in auth) return send(res, errorResponse(auth.error, withAnnotations));
    const admission = ctx.limiter.admit(auth.caller.userId);
    if (!admission.admitted) return send(res, errorResponse(admission.error, withAnnotations));
    res.on('close', admission.release);
    for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
    await delay(ctx.knobs.latencyMs);
    if (chance(ctx.knobs.timeoutRate)) return; // never answered: the client gives up (or the server closes)
    if (chance(ctx.knobs.errorRate)) return sendDataverseFault(res, 503);
    const request: WebApiRequest = {
      method: req.method,
      path: match[2] ?? '',
      query: url.searchParams,
      headers: lowerCaseHeaders(req.headers),
      body: rawBodyOf(req),
    };
    const scope = {
      env: ctx.webApiEnv,
      caller: auth.caller,
      serviceRoot: `${ctx.urls.environmentUrl}/api/data/${match[1]}`,
      prefer,
      contentIds: new Map<string, string>(),
    };
    send(res, dispatch(scope, request));
  };
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function send(res: Response, response: WebApiResponse): void {
  const { headers, text } = renderResponse(response);
  res.statusCode = response.status;
  for (const [name, value] of Object.entries({ ...headers, REQ_ID: newGuid() })) res.setHeader(name, value);
  res.end(text);
}
