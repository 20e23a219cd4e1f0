import { type Database, saveUssdSessionReport } from '@sacco/bank';
import { chargeToMinor } from '@sacco/gateways';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { normalisePhone } from '../phone.js';
import type { GatewayGuard } from '../webhook-token.js';

interface UssdEventBody {
  date?: string;
  sessionId: string;
  serviceCode: string;
  networkCode?: string;
  phoneNumber: string;
  status: string;
  cost?: string;
  durationInMillis?: string;
  hopsCount?: string;
  input?: string;
  lastAppResponse?: string;
  errorMessage?: string;
}

const bodySchema = {
  type: 'object',
  required: ['sessionId', 'serviceCode', 'phoneNumber', 'status'],
  properties: {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' },
    sessionId: { type: 'string', minLength: 1, maxLength: 128 },
    serviceCode: { type: 'string', minLength: 1, maxLength: 40 },
    networkCode: { type: 'string', maxLength: 10 },
    phoneNumber: { type: 'string', minLength: 1, maxLength: 20 },
    status: { type: 'string', enum: ['Success', 'Incomplete', 'Failed'] },
    cost: { type: 'string', maxLength: 40, pattern: '^([A-Z]{3} )?\\d+(\\.\\d+)?$' },
    durationInMillis: { type: 'string', pattern: '^\\d{1,12}$' },
    hopsCount: { type: 'string', pattern: '^\\d{1,6}$' },
    input: { type: 'string', maxLength: 2000 },
    lastAppResponse: { type: 'string', maxLength: 1000 },
    errorMessage: { type: 'string', maxLength: 1000 },
  },
} as const;

/** `KES 0.10` or `0.10` as currency and minor units, without a float in between. */
export function parseCost(cost: string | undefined): { currency: string | null; minor: bigint | null } {
  if (cost === undefined) return { currency: null, minor: null };
  const match = /^(?:([A-Z]{3}) )?(\S+)$/.exec(cost);
  // Costs are quoted with up to four decimals; whole cents are what we keep, rounded up.
  const minor = match === null ? undefined : chargeToMinor(match[2] as string);
  if (match === null || minor === undefined) return { currency: null, minor: null };
  return { currency: match[1] ?? null, minor };
}

export interface UssdEventsOptions {
  readonly db: Kysely<Database>;
  readonly gatewayGuard: GatewayGuard;
}

/**
 * `POST /ussd/events`: the gateway's end-of-session report, stored once per session. The
 * final `input` is the whole chained text with every PIN of the session: only its length is kept.
 */
export async function ussdEventsRoute(app: FastifyInstance, options: UssdEventsOptions) {
  app.post<{ Body: UssdEventBody }>(
    '/ussd/events',
    { schema: { body: bodySchema }, onRequest: options.gatewayGuard },
    async (request, reply) => {
      const body = request.body;
      const phone = normalisePhone(body.phoneNumber);
      if (phone === undefined) {
        return reply.code(400).send({ error: 'Bad Request', message: 'body/phoneNumber must be an E.164 number' });
      }
      const cost = parseCost(body.cost);
      const stored = await saveUssdSessionReport(options.db, {
        sessionId: body.sessionId,
        phone,
        serviceCode: body.serviceCode,
        networkCode: body.networkCode ?? null,
        status: body.status,
        // The gateway sends no zone; its reports are read as UTC.
        endedAt: body.date === undefined ? null : new Date(`${body.date.replace(' ', 'T')}Z`),
        costCurrency: cost.currency,
        costMinor: cost.minor,
        durationMs: body.durationInMillis === undefined ? null : BigInt(body.durationInMillis),
        hopsCount: body.hopsCount === undefined ? null : Number(body.hopsCount),
        inputLength: body.input?.length ?? null,
        lastAppResponse: body.lastAppResponse ?? null,
        errorMessage: body.errorMessage ?? null,
      });
      request.log.info({ sessionId: body.sessionId, status: body.status, duplicate: !stored }, 'ussd session report');
      return reply.code(200).send({ stored });
    },
  );
}
