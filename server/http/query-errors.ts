import type { z } from 'zod';
import { ValidationError } from '../errors';
import type { FieldErrorView } from './api-types';

/** A refused query string or body, each bad parameter or field named (`error.fields`). */
export class QueryValidationError extends ValidationError {
  constructor(
    what: string,
    readonly fields: FieldErrorView[],
  ) {
    super(`The ${what} is not valid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`);
    this.name = 'QueryValidationError';
  }

  static of(what: string, issues: readonly z.core.$ZodIssue[]): QueryValidationError {
    return new QueryValidationError(
      what,
      issues.map((issue) => ({
        field:
          issue.path.map(String).join('.') ||
          (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'request'),
        message: issue.message,
      })),
    );
  }
}
