/**
 * The intake provider's HTTP trigger, with the Logic Apps front door's checks: api-version, the `sig`
 * shared-access signature, a JSON body matching the trigger's schema.
 *
 * sandbox assumption: the Logic Apps error codes and texts for a missing api-version, a missing or wrong
 * signature, an unknown workflow (also when IOM is not installed), an unreadable body and a schema
 * mismatch; the errorRate knob answers 503 ServiceUnavailable here.
 */
import { Router, type Response } from 'express';
import { rawBodyOf } from '../../shared/request-recorder';
import type { IomContext } from '../context';
import { chance, delay } from '../timing';
import { INTAKE_API_VERSION } from './intake-flow';

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function intakeRoutes(ctx: IomContext): Router {
  const router = Router();
  router.post('/workflows/:workflowId/triggers/manual/paths/invoke', async (req, res) => {
    const { intake } = ctx;
    if (req.params.workflowId !== intake.workflowId || !ctx.knobs.iomInstalled) {
      return fail(
        res,
        404,
        'WorkflowNotFound',
        `The workflow '${String(req.params.workflowId)}' could not be found.`,
      );
    }
    if (req.query['api-version'] !== INTAKE_API_VERSION) {
      return fail(
        res,
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=2016-06-01) is required for all requests.',
      );
    }
    const sig = req.query.sig;
    if (typeof sig !== 'string' || sig === '') {
      return fail(
        res,
        401,
        'DirectApiAuthorizationRequired',
        'The request must be authenticated only by Shared Access scheme.',
      );
    }
    if (!intake.signatureMatches(sig)) {
      return fail(
        res,
        401,
        'DirectApiInvalidAuthorizationSignature',
        'The provided shared access signature is not valid for this trigger.',
      );
    }
    await delay(ctx.knobs.latencyMs);
    if (chance(ctx.knobs.timeoutRate)) return; // never answered
    if (chance(ctx.knobs.errorRate))
      return fail(
        res,
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. Retry the request.',
      );
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    let body: unknown;
    try {
      if (mediaType !== 'application/json')
        throw new Error(`the content type '${mediaType ?? ''}' is not application/json`);
      body = JSON.parse(rawBodyOf(req)) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable body';
      return fail(
        res,
        400,
        'InvalidRequestContent',
        `The request content is not valid and could not be deserialized: ${reason}.`,
      );
    }
    const outcome = intake.handle(ctx.env, ctx.urls.environmentUrl, body);
    if (outcome.kind === 'schema') {
      return fail(
        res,
        400,
        'TriggerInputSchemaMismatch',
        `The input body for trigger 'manual' of type 'Request' did not match its schema definition. Error details: '${outcome.message}'.`,
      );
    }
    if (outcome.kind === 'failed') {
      return void res.status(400).json({ status: 'failed', message: outcome.message, error: outcome.error });
    }
    res.status(202).set('x-ms-workflow-run-id', outcome.runId).json(outcome.body);
  });
  return router;
}
