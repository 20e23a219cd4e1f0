import type { CallService } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { chargeToMinor, type VoiceAction, voiceResponse } from '@sacco/gateways';
import { translate } from '@sacco/journeys';
import type { FastifyInstance } from 'fastify';
import type { IvrTurn, IvrTurns } from '../voice/ivr-turns.js';
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
  readonly ivr: IvrTurns;
  readonly calls: CallService;
  readonly gatewayGuard: GatewayGuard;
}

const toInt = (value: string | undefined) => (value === undefined || value === '' ? null : Number(value));

/**
 * `POST /voice/callback`: Africa's Talking's voice callback. While the call is live it gets the
 * IVR's next actions as XML; the last request (`isActive=0`) stores the call record once.
 */
export async function voiceCallbackRoute(app: FastifyInstance, options: VoiceCallbackOptions) {
  const { config } = options;
  const token = config.WEBHOOK_TOKEN === undefined ? '' : `?token=${encodeURIComponent(config.WEBHOOK_TOKEN)}`;

  function actionsFor(turn: IvrTurn, callbackUrl: string): VoiceAction[] {
    const say = (key: IvrTurn['meta']['prompt']) => translate(turn.context.language, key);
    switch (turn.meta.action) {
      case 'digit': {
        const prompt = turn.context.missed ? `${say('ivr.missed')} ${say('ivr.menu')}` : say('ivr.menu');
        return [
          {
            getDigits: {
              say: prompt,
              timeoutSeconds: config.IVR_DIGITS_TIMEOUT_SECONDS,
              numDigits: 1,
              finishOnKey: '#',
              callbackUrl,
            },
          },
          // Reached only when no key was pressed: back to us, which counts it as a miss.
          { redirect: callbackUrl },
        ];
      }
      case 'dial': {
        const destination =
          turn.meta.destination === 'sales' ? config.IVR_SALES_DESTINATION : config.IVR_SUPPORT_DESTINATION;
        return [
          { say: say(turn.meta.prompt) },
          {
            dial: {
              phoneNumbers: [destination],
              ...(config.IVR_RINGBACK_URL === undefined ? {} : { ringbackTone: config.IVR_RINGBACK_URL }),
              record: false,
              sequential: true,
              maxDurationSeconds: 1_800,
            },
          },
        ];
      }
      default:
        return [{ say: say(turn.meta.prompt) }];
    }
  }

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
      try {
        const turn = await options.ivr.run({
          sessionId: body.sessionId,
          callerNumber: body.callerNumber ?? '',
          digits: body.dtmfDigits,
        });
        request.log.info({ voiceSession: body.sessionId, prompt: turn.meta.prompt }, 'voice turn');
        return reply
          .code(200)
          .type('application/xml')
          .send(voiceResponse(actionsFor(turn, callbackUrl)));
      } catch (error) {
        request.log.error({ voiceSession: body.sessionId, err: error }, 'voice turn failed');
        const sorry = translate(config.DEFAULT_LANGUAGE, 'ivr.sorry');
        return reply
          .code(200)
          .type('application/xml')
          .send(voiceResponse([{ say: sorry }]));
      }
    },
  );
}
