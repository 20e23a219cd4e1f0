import type { CallService } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { chargeToMinor } from '@sacco/gateways';
import type { FastifyInstance } from 'fastify';
import type { IvrEngine } from '../voice/ivr-channel.js';
import type { GatewayGuard } from '../webhook-token.js';
import { plainText, requireForm } from './gateway-form.js';

interface VoiceCallbackBody {
  isActive: string;
  sessionId: string;
  direction?: string;
  callerNumber?: string;
  destinationNumber?: string;
  dtmfDigits?: string;
  durationInSeconds?: string;
  currencyCode?: string;
  amount?: string;
  callSessionState?: string;
  hangupCause?: string;
  dialDestinationNumber?: string;
  dialDurationInSeconds?: string;
  recordingUrl?: string;
  status?: string;
}

const bodySchema = {
  type: 'object',
  required: ['isActive', 'sessionId'],
  properties: {
    isActive: { type: 'string', enum: ['0', '1'] },
    sessionId: plainText(128, 1),
    direction: plainText(20),
    callerNumber: plainText(40),
    destinationNumber: plainText(40),
    dtmfDigits: { type: 'string', maxLength: 20, pattern: '^[0-9*#]*$' },
    durationInSeconds: { type: 'string', pattern: '^\\d{0,9}$' },
    currencyCode: plainText(5),
    amount: { type: 'string', pattern: '^(\\d{1,12}(\\.\\d{1,6})?)?$' },
    callSessionState: plainText(40),
    hangupCause: plainText(60),
    dialDestinationNumber: plainText(120),
    dialDurationInSeconds: { type: 'string', pattern: '^\\d{0,9}$' },
    recordingUrl: plainText(500),
    status: plainText(40),
  },
} as const;

export interface VoiceCallbackOptions {
  readonly config: Readonly<Config>;
  readonly ivr: IvrEngine;
  readonly calls: CallService;
  readonly gatewayGuard: GatewayGuard;
  /** Adds `x-ivr-state: <state id>` to replies, for the studio's handset (the gateway ignores it). */
  readonly stateHeader?: boolean;
}

const toInt = (value: string | undefined) => (value === undefined || value === '' ? null : Number(value));

/**
 * `POST /voice/callback`: Africa's Talking's voice callback. While the call is live it gets the
 * IVR's next actions as XML; the last request (`isActive=0`) stores the call record once.
 */
export async function voiceCallbackRoute(app: FastifyInstance, options: VoiceCallbackOptions) {
  const { config } = options;
  const token = config.WEBHOOK_TOKEN === undefined ? '' : `?token=${encodeURIComponent(config.WEBHOOK_TOKEN)}`;

  app.post<{ Body: VoiceCallbackBody }>(
    '/voice/callback',
    { schema: { body: bodySchema }, onRequest: options.gatewayGuard, preValidation: requireForm },
    async (request, reply) => {
      const body = request.body;
      if (body.isActive === '0') {
        const choice = await options.ivr.choiceOf(body.sessionId).catch(() => null);
        const stored = await options.calls.saveCallRecord({
          sessionId: body.sessionId,
          direction: body.direction ?? null,
          callerNumber: body.callerNumber ?? null,
          destinationNumber: body.destinationNumber ?? null,
          durationSeconds: toInt(body.durationInSeconds),
          currency: body.currencyCode ?? null,
          amountMinor: body.amount === undefined || body.amount === '' ? null : (chargeToMinor(body.amount) ?? null),
          callState: body.callSessionState ?? null,
          hangupCause: body.hangupCause ?? null,
          dialDestination: body.dialDestinationNumber ?? null,
          dialDurationSeconds: toInt(body.dialDurationInSeconds),
          recordingUrl: body.recordingUrl ?? null,
          status: body.status ?? null,
          choice,
        });
        request.log.info({ voiceSession: body.sessionId, stored, choice }, 'call ended');
        return reply.code(200).type('text/plain').send('');
      }

      const base = config.PUBLIC_BASE_URL ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
      const callbackUrl = `${base}/voice/callback${token}`;
      const turn = await options.ivr.run({
        sessionId: body.sessionId,
        callerNumber: body.callerNumber ?? '',
        digits: body.dtmfDigits,
        callbackUrl,
        outbound: body.direction === 'Outbound',
      });
      if (turn.error !== undefined) {
        request.log.error(
          { voiceSession: body.sessionId, outcome: turn.outcome, err: turn.error },
          'voice turn failed',
        );
      } else {
        request.log.info({ voiceSession: body.sessionId, state: turn.state }, 'voice turn');
      }
      if (options.stateHeader === true && turn.state !== undefined) reply.header('x-ivr-state', turn.state);
      return reply.code(200).type('application/xml').send(turn.reply);
    },
  );
}
