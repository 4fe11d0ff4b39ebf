import type { Response } from 'express';
import type { z } from 'zod';

/** v2's error body: an array of `{status, message}` (orders.v2.oas2.yml). */
export function sendV2Error(res: Response, status: number, message: string): void {
  res.status(status).json([{ status, message }]);
}

/** v2 answers an empty collection with 204 and no body. */
export function sendV2List(res: Response, items: unknown[]): void {
  if (items.length === 0) return void res.status(204).end();
  res.json(items);
}

export function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}
