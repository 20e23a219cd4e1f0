import type { TurnRunner } from '@sacco/ussd';
import type { FastifyInstance } from 'fastify';
import { maskPhone, normalisePhone } from '../phone.js';
import type { GatewayGuard } from '../webhook-token.js';
import { plainText, requireForm } from './gateway-form.js';

interface UssdCallbackBody {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode?: string;
  text: string;
}

// What Africa's Talking sends on every hop; anything else is a 400 before any work is done.
const bodySchema = {
  type: 'object',
  required: ['sessionId', 'serviceCode', 'phoneNumber', 'text'],
  properties: {
    sessionId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' },
    serviceCode: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[*#0-9]+$' },
    phoneNumber: plainText(20, 1),
    networkCode: { type: 'string', maxLength: 10, pattern: '^[0-9]*$' },
    text: plainText(2000),
  },
} as const;

// The levels at which the per-hop line is written; at any other the line is not even built.
const INFO_LEVELS = new Set(['trace', 'debug', 'info']);

export interface UssdCallbackOptions {
  readonly turns: TurnRunner;
  readonly gatewayGuard: GatewayGuard;
  /** Calling code of a phone number the gateway sends in national form. */
  readonly countryCode: string;
  /** Adds `x-ussd-state: <state id>` to replies, for the studio's simulator (the gateway ignores it). */
  readonly stateHeader?: boolean;
  /** Told of every hop answered: its outcome, screen and time taken (the metrics). */
  readonly onHop?: (outcome: string, state: string | undefined, seconds: number) => void;
}

/** `POST /ussd/callback`: one hop of a USSD session, answered `CON ...` or `END ...`. */
export async function ussdCallbackRoute(app: FastifyInstance, options: UssdCallbackOptions) {
  app.post<{ Body: UssdCallbackBody }>(
    '/ussd/callback',
    { schema: { body: bodySchema }, onRequest: options.gatewayGuard, preValidation: requireForm },
    async (request, reply) => {
      const started = performance.now();
      const body = request.body;
      const phoneNumber = normalisePhone(body.phoneNumber, options.countryCode);
      if (phoneNumber === undefined) {
        return reply.code(400).send({ error: 'Bad Request', message: 'body/phoneNumber must be a valid phone number' });
      }

      const result = await options.turns.run({
        sessionId: body.sessionId,
        serviceCode: body.serviceCode,
        phoneNumber,
        networkCode: body.networkCode === '' ? undefined : body.networkCode,
        text: body.text,
      });

      // One line per hop. Inputs typed on PIN screens are already masked by the runner.
      const elapsedMs = performance.now() - started;
      options.onHop?.(result.outcome, result.state, elapsedMs / 1000);
      // The log line is built only when it will be written: a hop at the info level costs it.
      if (result.error !== undefined || INFO_LEVELS.has(request.log.level)) {
        const line = {
          sessionId: body.sessionId,
          phone: maskPhone(phoneNumber),
          state: result.state,
          outcome: result.outcome,
          inputs: result.inputs,
          durationMs: Math.round(elapsedMs * 10) / 10,
        };
        if (result.error !== undefined) request.log.error({ ...line, err: result.error }, 'ussd hop failed');
        else request.log.info(line, 'ussd hop');
      }

      if (options.stateHeader === true && result.state !== undefined) reply.header('x-ussd-state', result.state);
      // Every member-facing answer is a 200: anything else would end the session at the gateway.
      return reply.code(200).type('text/plain; charset=utf-8').send(result.reply);
    },
  );
}
