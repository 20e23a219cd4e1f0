import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

export type GatewayGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Africa's Talking signs nothing, so each registered callback URL carries `?token=<secret>`.
 * Returns an onRequest hook that answers 403 unless the token matches; compared as fixed-length
 * digests in constant time, so neither the value nor its length leaks through timing.
 */
export function requireWebhookToken(expected: string | undefined): GatewayGuard {
  const expectedDigest = expected === undefined ? undefined : digest(expected);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (expectedDigest === undefined) return;
    const token = (request.query as { token?: unknown }).token;
    if (typeof token !== 'string' || !timingSafeEqual(digest(token), expectedDigest)) {
      await reply.code(403).type('application/json').send({ error: 'Forbidden', message: 'invalid or missing token' });
    }
  };
}
