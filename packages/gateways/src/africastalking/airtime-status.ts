import { asRecord, optionalString, requiredString } from '../callback-reader.js';
import { MalformedCallbackError } from '../malformed-callback.error.js';
import { decimalToMinor } from '../minor-units.js';
import type { AirtimeStatus } from '../ports.js';

/** `value` as Africa's Talking writes it: a currency code and a decimal, e.g. `KES 50.0000`. */
function readValue(record: Record<string, unknown>): { currency: string; amountMinor: bigint } | undefined {
  const value = optionalString(record, 'value', 'body');
  if (value === undefined) return undefined;
  const match = /^([A-Z]{3}) (\d{1,15}(?:\.\d{1,6})?)$/.exec(value.trim());
  const amountMinor = match === null ? undefined : decimalToMinor(match[2]);
  if (match === null || amountMinor === undefined) {
    throw new MalformedCallbackError('expected a value such as "KES 50.0000"', 'body.value');
  }
  return { currency: match[1] as string, amountMinor };
}

/**
 * Reads Africa's Talking's airtime status callback (JSON `{requestId, status, phoneNumber,
 * description, value, discount}`), where status is `Success` or `Failed`. Throws
 * MalformedCallbackError on a body of another shape; `value` is read as minor units, so the
 * amount can be checked against what we asked for.
 */
export function parseAirtimeStatus(body: unknown): AirtimeStatus {
  const record = asRecord(body, 'body');
  const status = record.status;
  if (status !== 'Success' && status !== 'Failed') {
    throw new MalformedCallbackError('expected "Success" or "Failed"', 'body.status');
  }
  const value = readValue(record);
  return {
    providerRequestId: requiredString(record, 'requestId', 'body'),
    succeeded: status === 'Success',
    phone: optionalString(record, 'phoneNumber', 'body'),
    description: optionalString(record, 'description', 'body'),
    amountMinor: value?.amountMinor,
    currency: value?.currency,
  };
}
