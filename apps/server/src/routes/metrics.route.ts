import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../metrics.js';

export interface MetricsRouteOptions {
  readonly metrics: ServiceMetrics;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  readonly token?: string;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** `GET /metrics`: the Prometheus text exposition. */
export async function metricsRoute(app: FastifyInstance, options: MetricsRouteOptions) {
  app.get('/metrics', async (request, reply) => {
    if (options.token !== undefined) {
      const given = request.headers.authorization ?? '';
      if (!sameText(given, `Bearer ${options.token}`)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'Unauthorized' });
      }
    }
    const { contentType, body } = await options.metrics.text();
    return reply.code(200).type(contentType).send(body);
  });
}
