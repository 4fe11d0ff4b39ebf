import type { Response } from 'express';

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
