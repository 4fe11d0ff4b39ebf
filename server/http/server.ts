import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  server: Server;
  port: number;
  /** Replace the request handler (a server bound before its app existed answers 503 until then). */
  setHandler(handler: RequestListener): void;
  /** Stop accepting connections, let in-flight requests finish (up to graceMs), then close the rest. */
  close(graceMs?: number): Promise<void>;
}

const notReady: RequestListener = (_req, res) => {
  res.statusCode = 503;
  res.setHeader('Retry-After', '1');
  res.end();
};

/**
 * Listen on host:port (port 0 picks a free one) and resolve once bound. Without a handler the server
 * answers 503 until `setHandler` is called, so a caller can learn its port before building the app.
 */
export async function listen(
  handler: RequestListener | null,
  port: number,
  host?: string,
): Promise<RunningServer> {
  let current: RequestListener = handler ?? notReady;
  const server = createServer((req, res) => current(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setHandler: (next) => {
      current = next;
    },
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
