import type { FastifyInstance } from 'fastify';

/**
 * Closes a listening app the way a shutdown must: no new connections, every request in flight
 * answered, then its connection closed too. Node closes only the connections that are idle when
 * close begins; one whose request was still in flight stays open after its answer, kept alive
 * for the keep-alive timeout (Fastify's 72 s), and holds the shutdown past its deadline. So,
 * until the close is over, every connection that has gone idle is closed.
 */
export async function closeListening(app: FastifyInstance, reapEveryMs = 50): Promise<void> {
  const reaper = setInterval(() => app.server.closeIdleConnections(), reapEveryMs);
  try {
    await app.close();
  } finally {
    clearInterval(reaper);
  }
}
