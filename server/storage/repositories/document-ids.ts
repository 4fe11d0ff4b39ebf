/**
 * A document id built from key parts, e.g. `docId(storeHash, orderId)`. Each part is URI-encoded, so
 * the separator never appears inside a part and distinct keys never share an id.
 */
export function docId(...parts: (string | number)[]): string {
  return parts.map((part) => encodeURIComponent(String(part))).join(':');
}
