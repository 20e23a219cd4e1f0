import { asRecord, optionalString, requiredCode, requiredString } from '../callback-reader.js';
import { MalformedCallbackError } from '../malformed-callback.error.js';
import { decimalToMinor } from '../minor-units.js';
import type { MobileMoneyResult } from '../ports.js';
import { fromDarajaMsisdn } from './msisdn.js';

const QUEUE_TIMEOUT_DESCRIPTION = 'The service request has timed out.';

/**
 * Reads the STK push result Daraja POSTs to our CallBackURL
 * (`{Body:{stkCallback:{CheckoutRequestID, ResultCode, ResultDesc, CallbackMetadata?}}}`).
 * ResultCode 0 is a payment (its metadata must carry Amount and MpesaReceiptNumber); any other
 * code (1032 cancelled, 1037 unreachable, 1 insufficient funds, 2001 wrong PIN...) is a
 * failure. Throws MalformedCallbackError on a body of another shape.
 */
export function parseStkCallback(body: unknown): MobileMoneyResult {
  const root = asRecord(body, 'body');
  const callback = asRecord(asRecord(root.Body, 'Body').stkCallback, 'Body.stkCallback');
  const path = 'Body.stkCallback';
  requiredString(callback, 'MerchantRequestID', path);
  const checkoutRequestId = requiredString(callback, 'CheckoutRequestID', path);
  const resultCode = requiredCode(callback, 'ResultCode', path);
  const resultDescription = optionalString(callback, 'ResultDesc', path) ?? '';
  const failure = {
    kind: 'deposit',
    providerRequestId: checkoutRequestId,
    originatorId: undefined,
    succeeded: false,
    resultCode,
    resultDescription,
    amountMinor: undefined,
    receipt: undefined,
    phone: undefined,
  } as const;
  if (resultCode !== '0') return failure;

  const metadataPath = `${path}.CallbackMetadata`;
  const items = asRecord(callback.CallbackMetadata, metadataPath).Item;
  if (!Array.isArray(items)) throw new MalformedCallbackError('expected an array', `${metadataPath}.Item`);
  const values = new Map<string, unknown>();
  items.forEach((item, index) => {
    const entry = asRecord(item, `${metadataPath}.Item[${index}]`);
    values.set(requiredString(entry, 'Name', `${metadataPath}.Item[${index}]`), entry.Value);
  });
  return {
    ...failure,
    succeeded: true,
    amountMinor: requiredAmount(values.get('Amount'), `${metadataPath}.Amount`),
    receipt: requiredText(values.get('MpesaReceiptNumber'), `${metadataPath}.MpesaReceiptNumber`),
    phone: fromDarajaMsisdn(values.get('PhoneNumber')),
  };
}

/**
 * Reads the B2C result Daraja POSTs to our ResultURL (`{Result:{ConversationID,
 * OriginatorConversationID, ResultCode, ResultDesc, ResultParameters?}}`). ResultCode 0 is a
 * payout made (TransactionAmount and TransactionReceipt must be there); any other code is a
 * failure (2001 initiator invalid, 1 insufficient funds...). Throws MalformedCallbackError on a
 * body of another shape.
 */
export function parseB2cResult(body: unknown): MobileMoneyResult {
  const { result, path } = readResult(body);
  const resultCode = requiredCode(result, 'ResultCode', path);
  const failure = {
    kind: 'payout',
    providerRequestId: requiredString(result, 'ConversationID', path),
    originatorId: requiredString(result, 'OriginatorConversationID', path),
    succeeded: false,
    resultCode,
    resultDescription: optionalString(result, 'ResultDesc', path) ?? '',
    amountMinor: undefined,
    receipt: undefined,
    phone: undefined,
  } as const;
  if (resultCode !== '0') return failure;

  const parametersPath = `${path}.ResultParameters.ResultParameter`;
  const raw = asRecord(result.ResultParameters, `${path}.ResultParameters`).ResultParameter;
  // One parameter may come as a bare object rather than a one-element array.
  const list = Array.isArray(raw) ? raw : [raw];
  const values = new Map<string, unknown>();
  list.forEach((item, index) => {
    const entry = asRecord(item, `${parametersPath}[${index}]`);
    values.set(requiredString(entry, 'Key', `${parametersPath}[${index}]`), entry.Value);
  });
  const receipt = values.get('TransactionReceipt') ?? result.TransactionID;
  return {
    ...failure,
    succeeded: true,
    amountMinor: requiredAmount(values.get('TransactionAmount'), `${parametersPath}.TransactionAmount`),
    receipt: requiredText(receipt, `${parametersPath}.TransactionReceipt`),
    phone: phoneOfPublicName(values.get('ReceiverPartyPublicName')),
  };
}

/**
 * Reads the notification Daraja POSTs to our QueueTimeOutURL when a B2C request waited too
 * long in M-Pesa's queue and was never processed: always reported as not succeeded. Safaricom
 * publishes no sample; it is read as the result envelope (`{Result:{ConversationID,
 * OriginatorConversationID, ResultCode?, ResultDesc?}}`). Throws MalformedCallbackError on a
 * body of another shape.
 */
export function parseB2cTimeout(body: unknown): MobileMoneyResult {
  const { result, path } = readResult(body);
  return {
    kind: 'payout',
    providerRequestId: requiredString(result, 'ConversationID', path),
    originatorId: requiredString(result, 'OriginatorConversationID', path),
    succeeded: false,
    resultCode: result.ResultCode === undefined ? 'QueueTimeout' : requiredCode(result, 'ResultCode', path),
    resultDescription: optionalString(result, 'ResultDesc', path) || QUEUE_TIMEOUT_DESCRIPTION,
    amountMinor: undefined,
    receipt: undefined,
    phone: undefined,
  };
}

function readResult(body: unknown) {
  return { result: asRecord(asRecord(body, 'body').Result, 'Result'), path: 'Result' };
}

function requiredAmount(value: unknown, path: string): bigint {
  const minor = decimalToMinor(value, 2);
  if (minor === undefined) throw new MalformedCallbackError('expected a decimal amount with at most 2 decimals', path);
  return minor;
}

function requiredText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new MalformedCallbackError('expected a non-empty string', path);
  return value;
}

// "254708374149 - John Doe": the number before the dash, when it is a whole one.
function phoneOfPublicName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return fromDarajaMsisdn(value.split(' - ')[0]?.trim());
}
