import AfricasTalking from 'africastalking';
import { minorDigitsOf, minorToDecimal } from '../minor-units.js';
import { type AirtimePort, OutcomeUnknownError, PermanentGatewayError } from '../ports.js';
import { asObject, toGatewayError } from './africastalking-errors.js';

export interface AfricasTalkingAirtimeOptions {
  readonly username: string;
  readonly apiKey: string;
}

/**
 * The airtime port over Africa's Talking's SDK (`AIRTIME.send`). Our idempotency key goes out
 * as the `Idempotency-Key` header. `Sent` resolves with the request id (the outcome comes on the
 * status callback, see `parseAirtimeStatus`); `Failed` is PermanentGatewayError with Africa's
 * Talking's errorMessage, except a duplicate refusal, which is OutcomeUnknownError.
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
  // Africa's Talking refuses the same request (same number and amount, or the same
  // Idempotency-Key) again within five minutes: after a retry the first one may have gone
  // through, so this is neither a top-up nor a refusal.
  if (entry.status === 'DuplicateRequest' || /duplicate/i.test(errorMessage)) {
    throw new OutcomeUnknownError(
      `Airtime: Africa's Talking saw this request before (${errorMessage}); the first one may have succeeded, wait for its status callback`,
      'DuplicateRequest',
    );
  }
  const code = String(entry.status ?? 'Failed');
  if (entry.status === 'Failed' || responses.length === 0) {
    throw new PermanentGatewayError(`Airtime refused: ${errorMessage}`, code);
  }
  throw new Error(`Airtime: unexpected status ${String(entry.status)} (${errorMessage})`);
}
