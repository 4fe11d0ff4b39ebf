import net from 'node:net';
import { FirestoreServer } from '@firestore-emulator/server';

export interface FirestoreEmulator {
  /** `127.0.0.1:<port>`, for StorageOptions.emulatorHost. */
  host: string;
  server: FirestoreServer;
  /** Forget every document of every project. */
  clear(): void;
  stop(): void;
}

/** A free TCP port on loopback (the emulator cannot bind port 0 and report the port it got). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('Could not probe for a free port')),
      );
    });
  });
}

/**
 * Start `@firestore-emulator/server` in-process on a free port. It binds 0.0.0.0 (hard-coded); clients
 * connect through loopback. Retries if the port is taken between probing and binding.
 */
export async function startFirestoreEmulator(): Promise<FirestoreEmulator> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new FirestoreServer();
    try {
      await server.start(port);
    } catch (error) {
      server.stop();
      if (attempt >= 5) throw error;
      continue;
    }
    return {
      host: `127.0.0.1:${port}`,
      server,
      clear: () => server.state.clear(),
      stop: () => {
        server.state.clear();
        server.stop();
      },
    };
  }
}
