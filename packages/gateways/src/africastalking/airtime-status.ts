import { asRecord, optionalString, requiredString } from '../callback-reader.js';
import { MalformedCallbackError } from '../malformed-callback.error.js';
import type { AirtimeStatus } from '../ports.js';

/**
 * Reads Africa's Talking's airtime status callback (JSON `{requestId, status, phoneNumber,
 * description, value, discount}`), where status is `Success` or `Failed`. Throws
 * MalformedCallbackError on a body of another shape.
 */
export function parseAirtimeStatus(body: unknown): AirtimeStatus {
  const record = asRecord(body, 'body');
  const status = record.status;
  if (status !== 'Success' && status !== 'Failed') {
    throw new MalformedCallbackError('expected "Success" or "Failed"', 'body.status');
  }
  return {
    providerRequestId: requiredString(record, 'requestId', 'body'),
    succeeded: status === 'Success',
    phone: optionalString(record, 'phoneNumber', 'body'),
    description: optionalString(record, 'description', 'body'),
  };
}
