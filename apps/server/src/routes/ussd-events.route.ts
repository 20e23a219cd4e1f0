import { createUssdReportService, type Database } from '@sacco/bank';
import { chargeToMinor } from '@sacco/gateways';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { normalisePhone } from '../phone.js';
import type { GatewayGuard } from '../webhook-token.js';
import { parseGatewayDate, plainText, requireForm, screenText } from './gateway-form.js';

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
    sessionId: plainText(128, 1),
    serviceCode: plainText(40, 1),
    networkCode: plainText(10),
    phoneNumber: plainText(20, 1),
    status: { type: 'string', enum: ['Success', 'Incomplete', 'Failed'] },
    // Bounded so that the minor units fit the int8 column.
    cost: { type: 'string', maxLength: 40, pattern: '^([A-Z]{3} )?\\d{1,12}(\\.\\d{1,6})?$' },
    durationInMillis: { type: 'string', pattern: '^\\d{1,12}$' },
    hopsCount: { type: 'string', pattern: '^\\d{1,6}$' },
    input: plainText(2000),
    lastAppResponse: screenText(1000),
    errorMessage: screenText(1000),
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
  /** Calling code of a phone number the gateway sends in national form. */
  readonly countryCode: string;
}

/**
 * `POST /ussd/events`: the gateway's end-of-session report, stored once per session. The
 * final `input` is the whole chained text with every PIN of the session: only its length is kept.
 */
export async function ussdEventsRoute(app: FastifyInstance, options: UssdEventsOptions) {
  const reports = createUssdReportService({ db: options.db });
  app.post<{ Body: UssdEventBody }>(
    '/ussd/events',
    { schema: { body: bodySchema }, onRequest: options.gatewayGuard, preValidation: requireForm },
    async (request, reply) => {
      const body = request.body;
      const phone = normalisePhone(body.phoneNumber, options.countryCode);
      if (phone === undefined) {
        return reply.code(400).send({ error: 'Bad Request', message: 'body/phoneNumber must be a valid phone number' });
      }
      // The gateway sends no zone; its reports are read as UTC.
      const endedAt = body.date === undefined ? null : parseGatewayDate(body.date);
      if (endedAt === undefined) {
        return reply.code(400).send({ error: 'Bad Request', message: 'body/date must be a real date and time' });
      }
      const cost = parseCost(body.cost);
      const stored = await reports.save({
        sessionId: body.sessionId,
        phone,
        serviceCode: body.serviceCode,
        networkCode: body.networkCode ?? null,
        status: body.status,
        endedAt,
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
