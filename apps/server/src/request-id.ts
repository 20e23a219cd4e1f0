import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { currentRequestId, withRequestId } from '@sacco/bank';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';
const acceptable = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token, else a fresh UUID. */
export function requestIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && acceptable.test(value) ? value : randomUUID();
}

const chindings = pino.symbols.chindingsSym;

/**
 * A pino mixin: every log line written on behalf of a request (or of an outbox message born of
 * one) carries its `requestId`, unless the logger already has it bound (Fastify's request logger).
 */
export function requestIdMixin(_merge: object, _level: number, logger: pino.Logger): object {
  const requestId = currentRequestId();
  if (requestId === undefined) return {};
  const bound = (logger as unknown as Record<symbol, string | undefined>)[chindings];
  return bound?.includes('"requestId"') ? {} : { requestId };
}

/**
 * Answers every request with its id, and runs its handler within that id's context, so the
 * outbox rows its transaction writes carry it. The context is entered once, just before the
 * handler: a stream's events (body parsing) do not keep it, and nothing before the handler
 * writes a row; log lines need no context, Fastify's request logger has the id bound.
 */
export function requestIdHooks(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    withRequestId(request.id, done);
  });
}
