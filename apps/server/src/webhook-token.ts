import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value).digest();

export type GatewayGuard = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/**
 * Africa's Talking signs nothing, so each registered callback URL carries `?token=<secret>`.
 * Returns an onRequest hook that answers 403 unless the token matches; compared as fixed-length
 * digests in constant time, so neither the value nor its length leaks through timing. A
 * callback hook rather than an async one: no promise to settle on every hop.
 */
export function requireWebhookToken(expected: string | undefined): GatewayGuard {
  const expectedDigest = expected === undefined ? undefined : digest(expected);
  return (request, reply, done) => {
    const token = (request.query as { token?: unknown }).token;
    if (expectedDigest === undefined || (typeof token === 'string' && timingSafeEqual(digest(token), expectedDigest))) {
      done();
      return;
    }
    // A reply sent from a hook ends the request there: `done` is not called.
    reply.code(403).type('application/json').send({ error: 'Forbidden', message: 'invalid or missing token' });
  };
}
