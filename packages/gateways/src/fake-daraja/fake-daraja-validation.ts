import { stkPassword } from '../daraja/daraja-password.js';
import type { B2cCommandId, DarajaErrorReply } from '../daraja/daraja-wire.js';

// Daraja's synchronous request checks, with the codes and texts of Safaricom's error table:
// field problems are 400.002.02 "Bad Request - Invalid <Field>", an unknown short code or a
// wrong password 500.001.1001.

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly error: Omit<DarajaErrorReply, 'requestId'> };

export interface AcceptedStkPush {
  readonly amount: number;
  readonly phone: string;
  readonly callbackUrl: string;
}

export interface AcceptedB2c {
  readonly originatorConversationId: string | undefined;
  readonly amount: number;
  readonly phone: string;
  readonly resultUrl: string;
  readonly timeoutUrl: string;
  readonly initiatorName: string;
  readonly securityCredential: string;
}

export interface AcceptedStkQuery {
  readonly checkoutRequestId: string;
}

export interface AcceptedTransactionStatus {
  readonly originatorConversationId: string | undefined;
  /** The receipt asked about, when one was sent. */
  readonly transactionId: string | undefined;
  /** The OriginatorConversationID asked about, when one was sent. */
  readonly originalConversationId: string | undefined;
  readonly resultUrl: string;
  readonly timeoutUrl: string;
  readonly initiatorName: string;
  readonly securityCredential: string;
}

export interface MerchantCheck {
  /** When set, the only short code that exists. */
  readonly shortCode: string | undefined;
  readonly passkey: string;
}

const MSISDN = /^254\d{9}$/;
const SHORT_CODE = /^\d{5,7}$/;
const TRANSACTION_TYPES = new Set(['CustomerPayBillOnline', 'CustomerBuyGoodsOnline']);
const COMMAND_IDS = new Set<B2cCommandId>(['BusinessPayment', 'SalaryPayment', 'PromotionPayment']);

const invalid = (field: string): Checked<never> => ({
  ok: false,
  status: 400,
  error: { errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` },
});

const merchantError = (message: string): Checked<never> => ({
  ok: false,
  status: 500,
  error: { errorCode: '500.001.1001', errorMessage: message },
});

/** Numbers may come as JSON numbers or digit strings, as Daraja's own samples mix both. */
const digitsOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? String(value)
    : typeof value === 'string' && /^\d+$/.test(value)
      ? value
      : undefined;

/** A whole number of shillings, at least 1: `10`, `"10"`; never `10.5` or `"10.00"`. */
function wholeAmount(value: unknown): number | undefined {
  const text = digitsOf(value);
  const amount = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(amount) && amount >= 1 ? amount : undefined;
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** A short code that is not ours, or a Password that is not its passkey's: Daraja's refusals. */
function refusedMerchant(
  shortCode: string,
  password: string,
  timestamp: string,
  merchant: MerchantCheck,
): Checked<never> | undefined {
  if (merchant.shortCode !== undefined && shortCode !== merchant.shortCode) {
    return merchantError('Merchant does not exist');
  }
  if (password !== stkPassword(shortCode, merchant.passkey, timestamp)) return merchantError('Wrong credentials');
  return undefined;
}

export function checkStkPush(body: unknown, merchant: MerchantCheck): Checked<AcceptedStkPush> {
  if (typeof body !== 'object' || body === null) return invalid('JSON body');
  const request = body as Record<string, unknown>;
  const shortCode = digitsOf(request.BusinessShortCode);
  if (shortCode === undefined || !SHORT_CODE.test(shortCode)) return invalid('BusinessShortCode');
  if (typeof request.Password !== 'string' || request.Password.length === 0) return invalid('Password');
  if (typeof request.Timestamp !== 'string' || !/^\d{14}$/.test(request.Timestamp)) return invalid('Timestamp');
  if (typeof request.TransactionType !== 'string' || !TRANSACTION_TYPES.has(request.TransactionType)) {
    return invalid('TransactionType');
  }
  const amount = wholeAmount(request.Amount);
  if (amount === undefined) return invalid('Amount');
  const partyA = digitsOf(request.PartyA);
  if (partyA === undefined || !MSISDN.test(partyA)) return invalid('PartyA');
  const partyB = digitsOf(request.PartyB);
  if (partyB === undefined || !SHORT_CODE.test(partyB)) return invalid('PartyB');
  const phone = digitsOf(request.PhoneNumber);
  if (phone === undefined || !MSISDN.test(phone)) return invalid('PhoneNumber');
  if (!isUrl(request.CallBackURL)) return invalid('CallBackURL');
  if (!isText(request.AccountReference, 12)) return invalid('AccountReference');
  if (
    request.TransactionDesc !== undefined &&
    !(typeof request.TransactionDesc === 'string' && request.TransactionDesc.length <= 13)
  ) {
    return invalid('TransactionDesc');
  }
  const refused = refusedMerchant(shortCode, request.Password, request.Timestamp, merchant);
  if (refused !== undefined) return refused;
  return { ok: true, value: { amount, phone, callbackUrl: request.CallBackURL } };
}

export function checkB2c(body: unknown, merchant: MerchantCheck): Checked<AcceptedB2c> {
  if (typeof body !== 'object' || body === null) return invalid('JSON body');
  const request = body as Record<string, unknown>;
  const originator = request.OriginatorConversationID;
  if (originator !== undefined && !isText(originator, 100)) return invalid('OriginatorConversationID');
  if (!isText(request.InitiatorName, 100)) return invalid('InitiatorName');
  if (typeof request.SecurityCredential !== 'string' || request.SecurityCredential.length === 0) {
    return invalid('SecurityCredential');
  }
  if (typeof request.CommandID !== 'string' || !COMMAND_IDS.has(request.CommandID as B2cCommandId)) {
    return invalid('CommandID');
  }
  const amount = wholeAmount(request.Amount);
  if (amount === undefined) return invalid('Amount');
  const partyA = digitsOf(request.PartyA);
  if (partyA === undefined || !SHORT_CODE.test(partyA)) return invalid('PartyA');
  const partyB = digitsOf(request.PartyB);
  if (partyB === undefined || !MSISDN.test(partyB)) return invalid('PartyB');
  if (!isText(request.Remarks, 100)) return invalid('Remarks');
  if (!isUrl(request.QueueTimeOutURL)) return invalid('QueueTimeOutURL');
  if (!isUrl(request.ResultURL)) return invalid('ResultURL');
  if (request.Occasion !== undefined && !(typeof request.Occasion === 'string' && request.Occasion.length <= 100)) {
    return invalid('Occasion');
  }
  if (merchant.shortCode !== undefined && partyA !== merchant.shortCode)
    return merchantError('Merchant does not exist');
  return {
    ok: true,
    value: {
      originatorConversationId: originator as string | undefined,
      amount,
      phone: partyB,
      resultUrl: request.ResultURL,
      timeoutUrl: request.QueueTimeOutURL,
      initiatorName: request.InitiatorName,
      securityCredential: request.SecurityCredential,
    },
  };
}

/** STK Push Query: the STK push's merchant fields and the CheckoutRequestID asked about. */
export function checkStkQuery(body: unknown, merchant: MerchantCheck): Checked<AcceptedStkQuery> {
  if (typeof body !== 'object' || body === null) return invalid('JSON body');
  const request = body as Record<string, unknown>;
  const shortCode = digitsOf(request.BusinessShortCode);
  if (shortCode === undefined || !SHORT_CODE.test(shortCode)) return invalid('BusinessShortCode');
  if (typeof request.Password !== 'string' || request.Password.length === 0) return invalid('Password');
  if (typeof request.Timestamp !== 'string' || !/^\d{14}$/.test(request.Timestamp)) return invalid('Timestamp');
  if (!isText(request.CheckoutRequestID, 100)) return invalid('CheckoutRequestID');
  const refused = refusedMerchant(shortCode, request.Password, request.Timestamp, merchant);
  if (refused !== undefined) return refused;
  return { ok: true, value: { checkoutRequestId: request.CheckoutRequestID } };
}

const IDENTIFIER_TYPES = new Set(['1', '2', '4']);

/** Transaction Status: initiator fields as B2C, and a receipt or an OriginalConversationID. */
export function checkTransactionStatus(body: unknown, merchant: MerchantCheck): Checked<AcceptedTransactionStatus> {
  if (typeof body !== 'object' || body === null) return invalid('JSON body');
  const request = body as Record<string, unknown>;
  if (!isText(request.Initiator, 100)) return invalid('Initiator');
  if (typeof request.SecurityCredential !== 'string' || request.SecurityCredential.length === 0) {
    return invalid('SecurityCredential');
  }
  if (request.CommandID !== 'TransactionStatusQuery') return invalid('CommandID');
  const optionalText = (value: unknown) => value === undefined || (typeof value === 'string' && value.length <= 100);
  if (!optionalText(request.TransactionID)) return invalid('TransactionID');
  if (!optionalText(request.OriginalConversationID)) return invalid('OriginalConversationID');
  const transactionId = (request.TransactionID as string | undefined)?.trim() || undefined;
  const originalConversationId = (request.OriginalConversationID as string | undefined)?.trim() || undefined;
  if (transactionId === undefined && originalConversationId === undefined) return invalid('TransactionID');
  const originator = request.OriginatorConversationID;
  if (originator !== undefined && !isText(originator, 100)) return invalid('OriginatorConversationID');
  const partyA = digitsOf(request.PartyA);
  if (partyA === undefined || !SHORT_CODE.test(partyA)) return invalid('PartyA');
  const identifierType = digitsOf(request.IdentifierType);
  if (identifierType === undefined || !IDENTIFIER_TYPES.has(identifierType)) return invalid('IdentifierType');
  if (!isUrl(request.ResultURL)) return invalid('ResultURL');
  if (!isUrl(request.QueueTimeOutURL)) return invalid('QueueTimeOutURL');
  if (!isText(request.Remarks, 100)) return invalid('Remarks');
  if (!optionalText(request.Occasion)) return invalid('Occasion');
  if (merchant.shortCode !== undefined && partyA !== merchant.shortCode)
    return merchantError('Merchant does not exist');
  return {
    ok: true,
    value: {
      originatorConversationId: originator as string | undefined,
      transactionId,
      originalConversationId,
      resultUrl: request.ResultURL,
      timeoutUrl: request.QueueTimeOutURL,
      initiatorName: request.Initiator,
      securityCredential: request.SecurityCredential,
    },
  };
}
