import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A tiny node:http server standing in for the service's callback routes in tests.

export interface ReceivedCallback {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export interface CallbackReceiver {
  /** `http://127.0.0.1:<port>`; any path under it is accepted. */
  readonly url: string;
  received(): readonly ReceivedCallback[];
  /** Resolves once `count` callbacks arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedCallback[]>;
  /** Answers the next `count` callbacks with `status` (and records nothing for them). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let failures = 0;
  let failureStatus = 500;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        response.writeHead(failureStatus).end();
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ path: request.url ?? '/', contentType: request.headers['content-type'], body: JSON.parse(text) });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ResultCode":0,"ResultDesc":"Accepted"}');
      for (const waiter of waiters.filter((entry) => received.length >= entry.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received: () => [...received],
    waitFor(count, timeoutMs = 5_000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} callbacks, got ${received.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve([...received]);
          },
        });
      });
    },
    failNext(count, status = 500) {
      failures = count;
      failureStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
