/**
 * `POST $batch` (PAD/webapi/execute-batch-operations-using-web-api): up to 1,000 requests in a
 * multipart/mixed body; change sets are atomic (a failing request rolls the whole change set back and
 * its error replaces the change set's responses); `Content-ID` values are referenced as `$n` in later
 * URLs and `@odata.bind` values of the same change set; without `Prefer: odata.continue-on-error`
 * processing stops at the first failure. The batch itself answers 200 with a multipart response.
 *
 * sandbox assumption: the batch counts as one request against the service protection limits, and the
 * error texts for malformed batches (GET inside a change set, nesting, more than 1,000 requests).
 */
import { newGuid } from '../ids';
import { DataverseError, odataError } from './errors';
import type { RequestScope, WebApiRequest, WebApiResponse } from './environment';
import {
  boundaryOf,
  parseHttpMessage,
  parseMultipart,
  writeHttpResponse,
  writeMultipart,
  type MimePart,
} from './multipart';
import { parsePrefer } from './odata/prefer';
import { errorResponse, renderResponse, HELP_LINK } from './response-body';

export type Dispatcher = (scope: RequestScope, request: WebApiRequest) => WebApiResponse;

const MAX_REQUESTS = 1000;

interface BatchItem {
  contentId?: string;
  message: ReturnType<typeof parseHttpMessage>;
}

type BatchEntry = { kind: 'request'; item: BatchItem } | { kind: 'changeset'; items: BatchItem[] };

/** Thrown inside a change set's transaction to undo it; carries the failing response. */
class ChangeSetFailed extends Error {
  constructor(readonly response: WebApiResponse) {
    super('change set failed');
  }
}

export function executeBatch(scope: RequestScope, request: WebApiRequest, run: Dispatcher): WebApiResponse {
  const entries = readEntries(request);
  const parts: MimePart[] = [];
  for (const entry of entries) {
    if (entry.kind === 'request') {
      const response = runItem(scope, entry.item, new Map(), run);
      parts.push(httpPart(response, entry.item.contentId));
      if (response.status >= 400 && !scope.prefer.continueOnError) break;
      continue;
    }
    const result = runChangeSet(scope, entry.items, run);
    if ('failure' in result) {
      parts.push(httpPart(result.failure, undefined));
      if (!scope.prefer.continueOnError) break;
    } else {
      const boundary = `changesetresponse_${newGuid()}`;
      parts.push({
        headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` },
        body: writeMultipart(boundary, result.parts),
      });
    }
  }
  const boundary = `batchresponse_${newGuid()}`;
  return {
    status: 200,
    headers: {},
    body: {
      kind: 'text',
      contentType: `multipart/mixed; boundary=${boundary}`,
      value: writeMultipart(boundary, parts),
    },
  };
}

function readEntries(request: WebApiRequest): BatchEntry[] {
  const boundary = boundaryOf(request.headers['content-type']);
  if (!boundary)
    throw odataError('The batch request must have a multipart/mixed content type with a boundary.');
  const entries = parseMultipart(request.body, boundary).map((part): BatchEntry => {
    const inner = boundaryOf(part.headers['content-type']);
    if (!inner) return { kind: 'request', item: readItem(part) };
    const items = parseMultipart(part.body, inner).map((child) => {
      if (boundaryOf(child.headers['content-type']))
        throw odataError('A change set cannot contain another change set.');
      const item = readItem(child);
      if (item.message.method === 'GET') {
        throw odataError('A GET request cannot be part of a change set; send it outside the change set.');
      }
      return item;
    });
    return { kind: 'changeset', items };
  });
  const count = entries.reduce((sum, entry) => sum + (entry.kind === 'request' ? 1 : entry.items.length), 0);
  if (count > MAX_REQUESTS)
    throw odataError(`The batch contains ${count} requests; the limit is ${MAX_REQUESTS}.`);
  return entries;
}

function readItem(part: MimePart): BatchItem {
  const type = (part.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/http')
    throw odataError(`A batch part has the content type '${type}'; expected application/http.`);
  const message = parseHttpMessage(part.body);
  if (/\$batch(\?|$)/.test(message.target))
    throw odataError('A batch request cannot contain another batch request.');
  return { contentId: part.headers['content-id'], message };
}

function runChangeSet(
  scope: RequestScope,
  items: readonly BatchItem[],
  run: Dispatcher,
): { parts: MimePart[] } | { failure: WebApiResponse } {
  const contentIds = new Map<string, string>();
  try {
    const parts = scope.env.store.transaction(() =>
      items.map((item) => {
        const response = runItem(scope, item, contentIds, run);
        if (response.status >= 400) throw new ChangeSetFailed(response);
        const entityId = response.headers['OData-EntityId'];
        if (item.contentId && entityId) contentIds.set(item.contentId, entityId);
        return httpPart(response, item.contentId);
      }),
    );
    return { parts };
  } catch (error) {
    if (error instanceof ChangeSetFailed) return { failure: error.response };
    throw error;
  }
}

function runItem(
  scope: RequestScope,
  item: BatchItem,
  contentIds: ReadonlyMap<string, string>,
  run: Dispatcher,
): WebApiResponse {
  const inner: RequestScope = { ...scope, prefer: parsePrefer(item.message.headers.prefer), contentIds };
  try {
    return run(inner, toRequest(scope, item, contentIds));
  } catch (error) {
    if (!(error instanceof DataverseError)) throw error;
    return errorResponse(error, inner.prefer.includeAnnotation(HELP_LINK));
  }
}

/** The part's request, its URL made relative to the service root and `$n` references resolved. */
function toRequest(
  scope: RequestScope,
  item: BatchItem,
  contentIds: ReadonlyMap<string, string>,
): WebApiRequest {
  const { message } = item;
  let target = message.target;
  const reference = /^\$(\w+)(.*)$/.exec(target);
  if (reference) {
    const url = contentIds.get(reference[1] ?? '');
    if (!url) throw odataError(`Content-ID reference '$${reference[1]}' is not defined in this change set.`);
    target = `${url}${reference[2] ?? ''}`;
  }
  const root = new URL(scope.serviceRoot);
  const url = new URL(target, `${root.href}/`);
  if (url.origin !== root.origin || !url.pathname.startsWith(`${root.pathname}/`)) {
    throw odataError(
      `The batch part URL '${message.target}' is not under the service root '${scope.serviceRoot}'.`,
    );
  }
  return {
    method: message.method,
    path: url.pathname.slice(root.pathname.length + 1),
    query: url.searchParams,
    headers: message.headers,
    body: message.body,
  };
}

function httpPart(response: WebApiResponse, contentId: string | undefined): MimePart {
  const { headers, text } = renderResponse(response);
  const partHeaders: Record<string, string> = {
    'Content-Type': 'application/http',
    'Content-Transfer-Encoding': 'binary',
  };
  if (contentId) partHeaders['Content-ID'] = contentId;
  return { headers: partHeaders, body: writeHttpResponse(response.status, headers, text) };
}
