/** Serving a simulator over HTTP: listen on `host:port`, the base URL to reach it by, and a hard close. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  /** `http://host:port`, with the port actually bound (an ephemeral one when asked for port 0). */
  url: string;
  /** Stops listening and drops open connections (keep-alive ones included). */
  close(): Promise<void>;
}

/** Starts an HTTP server for `listener`; rejects when the port cannot be bound. */
export async function listenHttp(
  listener: RequestListener,
  port: number,
  host: string,
): Promise<ListeningServer> {
  const server = createServer(listener);
  const boundPort = await listen(server, port, host);
  return { url: `http://${urlHost(host)}:${boundPort}`, close: () => close(server) };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** The host as it appears in a URL: wildcard binds are reached through loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
