import AfricasTalking from 'africastalking';
import { minorDigitsOf, minorToDecimal } from '../minor-units.js';
import { type AirtimePort, PermanentGatewayError } from '../ports.js';
import { asObject, toGatewayError } from './africastalking-errors.js';

export interface AfricasTalkingAirtimeOptions {
  readonly username: string;
  readonly apiKey: string;
}

/**
 * The airtime port over Africa's Talking's SDK (`AIRTIME.send`). Our idempotency key goes out
 * as the `Idempotency-Key` header. `Sent` resolves with the request id (the outcome comes on the
 * status callback, see `parseAirtimeStatus`); `Failed` is PermanentGatewayError with Africa's
 * Talking's errorMessage.
 */
export function createAfricasTalkingAirtime(options: AfricasTalkingAirtimeOptions): AirtimePort {
  const airtime = AfricasTalking({ username: options.username, apiKey: options.apiKey }).AIRTIME;
  return {
    async send(request) {
      if (request.amountMinor <= 0n) {
        throw new PermanentGatewayError(`airtime amount must be positive, got ${request.amountMinor}`, 'InvalidAmount');
      }
      let reply: unknown;
      try {
        reply = await airtime.send({
          // The SDK writes `${currencyCode} ${amount}` ("KES 100", "KES 100.5") from a number;
          // the decimal string keeps the amount exact until the SDK reads it.
          recipients: [
            {
              phoneNumber: request.phone,
              currencyCode: request.currency,
              amount: minorToDecimal(request.amountMinor, minorDigitsOf(request.currency)),
            },
          ],
          idempotencyKey: request.idempotencyKey,
        });
      } catch (error) {
        throw toGatewayError(error, 'Airtime');
      }
      return readAirtimeReply(reply);
    },
  };
}

function readAirtimeReply(reply: unknown): { providerRequestId: string } {
  const body = asObject(reply);
  const responses = Array.isArray(body.responses) ? body.responses : [];
  const entry = asObject(responses[0]);
  const errorMessage = String(entry.errorMessage ?? body.errorMessage ?? 'no response');
  if (entry.status === 'Sent' && typeof entry.requestId === 'string' && entry.requestId.length > 0) {
    return { providerRequestId: entry.requestId };
  }
  // Africa's Talking refuses the same number and amount again within five minutes; after a
  // retry that may mean the first request went through, so it gets its own code.
  const code = /duplicate/i.test(errorMessage) ? 'DuplicateRequest' : String(entry.status ?? 'Failed');
  if (entry.status === 'Failed' || responses.length === 0) {
    throw new PermanentGatewayError(`Airtime refused: ${errorMessage}`, code);
  }
  throw new Error(`Airtime: unexpected status ${String(entry.status)} (${errorMessage})`);
}
