import AfricasTalking from 'africastalking';
import { PermanentGatewayError, type VoicePort } from '../ports.js';
import { asObject, toGatewayError } from './africastalking-errors.js';

export interface AfricasTalkingVoiceOptions {
  readonly username: string;
  readonly apiKey: string;
  /** Our Africa's Talking voice number, E.164. */
  readonly callerNumber: string;
}

/**
 * The voice port over Africa's Talking's SDK (`VOICE.call`). Our idempotency key goes out as
 * `clientRequestId`, which Africa's Talking echoes on the call's callbacks (it does not dedupe
 * on it). An entry status other than `Queued` (InvalidPhoneNumber, DestinationNotSupported,
 * InsufficientCredit) is PermanentGatewayError.
 */
export function createAfricasTalkingVoice(options: AfricasTalkingVoiceOptions): VoicePort {
  const voice = AfricasTalking({ username: options.username, apiKey: options.apiKey }).VOICE;
  return {
    async call(request) {
      let reply: unknown;
      try {
        reply = await voice.call({
          callFrom: options.callerNumber,
          callTo: [request.to],
          clientRequestId: request.idempotencyKey,
        });
      } catch (error) {
        throw toGatewayError(error, 'Voice call');
      }
      const body = asObject(reply);
      const entries = Array.isArray(body.entries) ? body.entries : [];
      const entry = asObject(entries[0]);
      if (entry.status === 'Queued') {
        return { providerSessionId: typeof entry.sessionId === 'string' ? entry.sessionId : undefined };
      }
      const reason = typeof entry.status === 'string' ? entry.status : String(body.errorMessage ?? 'no entry');
      throw new PermanentGatewayError(`Voice call refused: ${reason}`, reason);
    },
  };
}
