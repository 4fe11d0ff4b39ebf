/**
 * Server-driven paging: at most `odata.maxpagesize` (default 5,000) rows per page and an
 * `@odata.nextLink` that repeats the query with a `$skiptoken`. The client must send the same `Prefer`
 * header again when it follows the link, as with Dataverse.
 *
 * sandbox assumption: the skip token is a paging-cookie-like XML fragment carrying a row offset (and, for
 * change tracking, the version the eventual deltaLink starts from); Dataverse's cookie is keyed by
 * primary key instead.
 */
import { odataError } from './errors';

export const DEFAULT_PAGE_SIZE = 5000;

export interface PageCursor {
  page: number;
  offset: number;
  /** Change tracking: the version the deltaLink of the last page will carry. */
  version?: number;
}

const COOKIE = /^<cookie pagenumber="(\d+)" offset="(\d+)"(?: version="(\d+)")? \/>$/;

export function encodeSkipToken(cursor: PageCursor): string {
  const version = cursor.version === undefined ? '' : ` version="${cursor.version}"`;
  return `<cookie pagenumber="${cursor.page}" offset="${cursor.offset}"${version} />`;
}

export function decodeSkipToken(token: string | undefined): PageCursor {
  if (token === undefined) return { page: 1, offset: 0 };
  const match = COOKIE.exec(token);
  if (!match) throw odataError(`The $skiptoken '${token}' is not valid.`);
  return {
    page: Number(match[1]),
    offset: Number(match[2]),
    version: match[3] === undefined ? undefined : Number(match[3]),
  };
}

/** The query string of `params` with `$skiptoken` replaced (or removed when `token` is undefined). */
export function withQuery(params: URLSearchParams, name: string, token: string | undefined): string {
  const next = new URLSearchParams(params);
  next.delete(name);
  if (token !== undefined) next.set(name, token);
  return next.toString().replace(/\+/g, '%20');
}
