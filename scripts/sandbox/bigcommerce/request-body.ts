import type { Request } from 'express';
import { rawBodyOf } from '../shared/request-recorder';

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'empty' }
  | { kind: 'invalid' };

/** Parses the recorded body by its media type: JSON, form-urlencoded, or nothing usable. */
export function parseBody(req: Request): ParsedBody {
  const raw = rawBodyOf(req);
  if (raw.trim() === '') return { kind: 'empty' };
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', value: Object.fromEntries(new URLSearchParams(raw)) };
  }
  if (mediaType === 'application/json' || mediaType?.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(raw) as unknown };
    } catch {
      return { kind: 'invalid' };
    }
  }
  return { kind: 'invalid' };
}
