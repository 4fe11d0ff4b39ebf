const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * BigCommerce requires webhook destinations to be https on port 443 ("custom ports are not currently
 * supported"). Sandbox leniency, not BigCommerce behaviour: loopback destinations (127.0.0.1, localhost,
 * [::1]) may use http and any port, so the demo and the tests can receive webhooks without TLS.
 * Returns the problem in words, or null when the destination is acceptable.
 */
export function destinationProblem(destination: string): string | null {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return 'must be an absolute URL';
  }
  if (LOOPBACK_HOSTS.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:'))
    return null;
  if (url.protocol !== 'https:') return 'must use https';
  if (url.port !== '' && url.port !== '443')
    return 'must be served on port 443 (custom ports are not supported)';
  return null;
}
