import type { Response } from 'express';
import type { z } from 'zod';

/** The `type` BigCommerce puts in its v3 error bodies. */
export const ERROR_TYPE = '/api-docs/getting-started/api-status-codes';

/** BigCommerce's v3 error body: `error_Full`, or `errorDetailed_Full` when `errors` is given. */
export function sendApiError(
  res: Response,
  status: number,
  title: string,
  errors?: Record<string, string>,
): void {
  res
    .status(status)
    .json(
      errors === undefined
        ? { status, title, type: ERROR_TYPE }
        : { status, title, type: ERROR_TYPE, errors },
    );
}

/** BigCommerce's webhook API reports field errors in Play-JSON style: `error.path.missing`,
 *  `error.expected.jsstring`... (see the 422 example in webhooks.v3.yml). */
export function fieldErrors(input: unknown, error: z.ZodError): Record<string, string> {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (errors[field]) continue;
    if (!(field in given)) errors[field] = 'error.path.missing';
    else if (issue.code === 'invalid_type')
      errors[field] = `error.expected.js${issue.expected === 'record' ? 'object' : issue.expected}`;
    else errors[field] = `error.invalid: ${issue.message}`;
  }
  return errors;
}
