import { asRecord, optionalString, requiredCode, requiredId, requiredString } from '../callback-reader.js';
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
  requiredId(callback, 'MerchantRequestID', path);
  const checkoutRequestId = requiredId(callback, 'CheckoutRequestID', path);
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
    providerRequestId: requiredId(result, 'ConversationID', path),
    originatorId: requiredId(result, 'OriginatorConversationID', path),
    succeeded: false,
    resultCode,
    resultDescription: optionalString(result, 'ResultDesc', path) ?? '',
    amountMinor: undefined,
    receipt: undefined,
    phone: undefined,
  } as const;
  if (resultCode !== '0') return failure;

  const parametersPath = `${path}.ResultParameters.ResultParameter`;
  const values = readParameters(result, path);
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
    providerRequestId: requiredId(result, 'ConversationID', path),
    originatorId: requiredId(result, 'OriginatorConversationID', path),
    succeeded: false,
    resultCode: result.ResultCode === undefined ? 'QueueTimeout' : requiredCode(result, 'ResultCode', path),
    resultDescription: optionalString(result, 'ResultDesc', path) || QUEUE_TIMEOUT_DESCRIPTION,
    amountMinor: undefined,
    receipt: undefined,
    phone: undefined,
  };
}

/** What a Transaction Status query learnt, from its Result (ResultURL) or its queue timeout. */
export interface TransactionStatusResult {
  /** Our queryId, echoed as the Result's OriginatorConversationID. */
  readonly queryId: string;
  readonly conversationId: string;
  /** found: M-Pesa has the transaction (TransactionStatus Completed => succeeded true; other statuses e.g. Declined/Failed/Cancelled => succeeded false). absent: the query ran and M-Pesa says it has no such transaction (a non-zero ResultCode whose description says not found). timeout: the query itself timed out in the queue (ask again). */
  readonly state: 'found' | 'absent' | 'timeout';
  readonly succeeded: boolean;
  readonly resultCode: string;
  readonly description: string;
  readonly receipt: string | undefined;
  readonly amountMinor: bigint | undefined;
  /** The credit party's phone when the result names one (CreditPartyName "2547... - Name"), E.164 with +. */
  readonly phone: string | undefined;
}

// TransactionStatus values that are final and say the money did not move.
const FAILED_TRANSACTION_STATUSES = new Set(['Declined', 'Failed', 'Cancelled', 'Expired', 'Reversed']);

// Non-zero ResultCodes that say the query itself was refused (our initiator credentials, the
// operator), not that the transaction is missing: they tell nothing about the payout.
const QUERY_REFUSED_CODES = new Set(['2001', 'SFC_IC0003']);
const NOT_FOUND = /not (be )?found|does not exist|no such transaction|invalid transaction ?id/i;

/**
 * Reads the Result a Transaction Status query POSTs to its ResultURL (`{Result:{ResultType,
 * ResultCode, ResultDesc, OriginatorConversationID, ConversationID, TransactionID?,
 * ResultParameters?}}`, the parameters holding `ReceiptNo`, `TransactionStatus`, `Amount`,
 * `CreditPartyName`...). ResultCode 0 is `found`: `TransactionStatus` Completed (ReceiptNo and
 * Amount required) is a success, Declined/Failed/Cancelled/Expired/Reversed a failure; any other
 * status (e.g. Pending) is not final yet and is reported as `timeout` (ask again). A non-zero
 * ResultCode is `absent` only when its description says the transaction was not found (Safaricom
 * publishes no code for it); any other, including codes that refuse the query itself (2001
 * initiator invalid, SFC_IC0003 operator does not exist), is `timeout`: it says nothing of the
 * payout, and a payout is never failed on a guess. Throws MalformedCallbackError on a body of another shape.
 */
export function parseTransactionStatusResult(body: unknown): TransactionStatusResult {
  const { result, path } = readResult(body);
  const resultCode = requiredCode(result, 'ResultCode', path);
  const base = {
    queryId: requiredId(result, 'OriginatorConversationID', path),
    conversationId: requiredId(result, 'ConversationID', path),
    succeeded: false,
    resultCode,
    description: optionalString(result, 'ResultDesc', path) ?? '',
    receipt: undefined,
    amountMinor: undefined,
    phone: undefined,
  } as const;
  // Safaricom publishes no "no such transaction" code: only a description that says so is taken
  // as absent (which can fail a payout and return its hold); any other refusal is asked again.
  if (resultCode !== '0') {
    const absent = !QUERY_REFUSED_CODES.has(resultCode) && NOT_FOUND.test(base.description);
    return { ...base, state: absent ? 'absent' : 'timeout' };
  }

  const parametersPath = `${path}.ResultParameters.ResultParameter`;
  const values = readParameters(result, path);
  const status = values.get('TransactionStatus');
  if (typeof status !== 'string' || status.length === 0) {
    throw new MalformedCallbackError('expected a non-empty string', `${parametersPath}.TransactionStatus`);
  }
  const receiptValue = values.get('ReceiptNo');
  const amountValue = values.get('Amount');
  const phone = phoneOfPublicName(values.get('CreditPartyName'));
  if (status === 'Completed') {
    return {
      ...base,
      state: 'found',
      succeeded: true,
      receipt: requiredReceipt(receiptValue, `${parametersPath}.ReceiptNo`),
      amountMinor: requiredAmount(amountValue, `${parametersPath}.Amount`),
      phone,
    };
  }
  const known = {
    ...base,
    receipt:
      receiptValue === undefined || receiptValue === ''
        ? undefined
        : requiredReceipt(receiptValue, `${parametersPath}.ReceiptNo`),
    amountMinor:
      amountValue === undefined || amountValue === ''
        ? undefined
        : requiredAmount(amountValue, `${parametersPath}.Amount`),
    phone,
  };
  return { ...known, state: FAILED_TRANSACTION_STATUSES.has(status) ? 'found' : 'timeout' };
}

/**
 * Reads what a Transaction Status query's QueueTimeOutURL receives: the query waited too long in
 * M-Pesa's queue and ran no check, so it is always `timeout` (ask again). Read as the result
 * envelope (`{Result:{OriginatorConversationID, ConversationID, ResultCode?, ResultDesc?}}`), as
 * for the B2C queue timeout. Throws MalformedCallbackError on a body of another shape.
 */
export function parseTransactionStatusTimeout(body: unknown): TransactionStatusResult {
  const { result, path } = readResult(body);
  return {
    queryId: requiredId(result, 'OriginatorConversationID', path),
    conversationId: requiredId(result, 'ConversationID', path),
    state: 'timeout',
    succeeded: false,
    resultCode: result.ResultCode === undefined ? 'QueueTimeout' : requiredCode(result, 'ResultCode', path),
    description: optionalString(result, 'ResultDesc', path) || QUEUE_TIMEOUT_DESCRIPTION,
    receipt: undefined,
    amountMinor: undefined,
    phone: undefined,
  };
}

/** `ResultParameters.ResultParameter` by key; a lone parameter may come as a bare object. */
function readParameters(result: Record<string, unknown>, path: string): Map<string, unknown> {
  const parametersPath = `${path}.ResultParameters.ResultParameter`;
  const raw = asRecord(result.ResultParameters, `${path}.ResultParameters`).ResultParameter;
  const list = Array.isArray(raw) ? raw : [raw];
  const values = new Map<string, unknown>();
  list.forEach((item, index) => {
    const entry = asRecord(item, `${parametersPath}[${index}]`);
    values.set(requiredString(entry, 'Key', `${parametersPath}[${index}]`), entry.Value);
  });
  return values;
}

// An M-Pesa receipt: letters and digits only (`MBN31H462N`).
function requiredReceipt(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,40}$/.test(value)) {
    throw new MalformedCallbackError('expected an M-Pesa receipt (letters and digits)', path);
  }
  return value;
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
