import { type DepositQueryAnswer, type MobileMoneyPort, PermanentGatewayError } from '../ports.js';
import { createDarajaAccessToken } from './daraja-access-token.js';
import { createDarajaClient } from './daraja-client.js';
import { type DarajaHttpReply, readDarajaError, refusal } from './daraja-http.js';
import { darajaTimestamp, stkPassword } from './daraja-password.js';
import {
  type B2cRequestBody,
  DARAJA_PATHS,
  STK_QUERY_PENDING_CODE,
  type StkPushRequestBody,
  type StkQueryRequestBody,
  type TransactionStatusRequestBody,
} from './daraja-wire.js';
import { toDarajaMsisdn } from './msisdn.js';
import { toWholeShillings } from './whole-shillings.js';

export interface DarajaMobileMoneyOptions {
  /** `https://api.safaricom.co.ke`, `https://sandbox.safaricom.co.ke`, or the fake's URL. */
  readonly baseUrl: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** The paybill that receives deposits and pays out (BusinessShortCode, PartyB, PartyA). */
  readonly shortCode: string;
  /** Lipa na M-Pesa Online passkey, for the STK push password. */
  readonly passkey: string;
  /** B2C API operator. */
  readonly initiatorName: string;
  /** The operator's password encrypted with Safaricom's certificate, base64. */
  readonly securityCredential: string;
  /** Our route for STK push results (CallBackURL). */
  readonly stkCallbackUrl: string;
  /** Our route for B2C results (ResultURL). */
  readonly b2cResultUrl: string;
  /** Our route for B2C queue timeouts (QueueTimeOutURL). */
  readonly b2cTimeoutUrl: string;
  /** Our route for Transaction Status results (the query's ResultURL). */
  readonly statusResultUrl: string;
  /** Our route for Transaction Status queue timeouts (the query's QueueTimeOutURL). */
  readonly statusTimeoutUrl: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** Per HTTP request; past it the call fails as transient. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

// Daraja's documented field limits.
const ACCOUNT_REFERENCE_MAX = 12;
const TRANSACTION_DESC_MAX = 13;
const REMARKS_MAX = 100;

/**
 * The mobile-money port over Safaricom's Daraja API: deposits are STK pushes (the payer gets
 * a PIN prompt), payouts are B2C payments whose OriginatorConversationID is our idempotency
 * key. Both resolve once Daraja accepted the request; the outcome arrives later on our
 * callback routes (see `parseStkCallback`, `parseB2cResult`, `parseB2cTimeout`). Amounts must
 * be whole KES; anything else is refused with PermanentGatewayError before any request.
 * `queryDeposit` asks STK Push Query (answered at once); `queryPayout` sends a Transaction
 * Status query whose answer arrives on `statusResultUrl` (`parseTransactionStatusResult`) or
 * `statusTimeoutUrl` (`parseTransactionStatusTimeout`).
 */
export function createDarajaMobileMoney(options: DarajaMobileMoneyOptions): MobileMoneyPort {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const tokens = createDarajaAccessToken({
    baseUrl: options.baseUrl,
    consumerKey: options.consumerKey,
    consumerSecret: options.consumerSecret,
    fetch: fetchFn,
    now,
    timeoutMs,
  });
  const client = createDarajaClient({ baseUrl: options.baseUrl, tokens, fetch: fetchFn, timeoutMs });

  return {
    async requestDeposit(request) {
      const amount = toWholeShillings(request.amountMinor, request.currency);
      const payer = toDarajaMsisdn(request.phone);
      if (request.reference.length === 0 || request.reference.length > ACCOUNT_REFERENCE_MAX) {
        throw new PermanentGatewayError(
          `account reference must be 1 to ${ACCOUNT_REFERENCE_MAX} characters, got "${request.reference}"`,
          'InvalidAccountReference',
        );
      }
      const timestamp = darajaTimestamp(now());
      const body: StkPushRequestBody = {
        BusinessShortCode: options.shortCode,
        Password: stkPassword(options.shortCode, options.passkey, timestamp),
        Timestamp: timestamp,
        TransactionType: 'CustomerPayBillOnline',
        Amount: amount,
        PartyA: payer,
        PartyB: options.shortCode,
        PhoneNumber: payer,
        CallBackURL: options.stkCallbackUrl,
        AccountReference: request.reference,
        // Only a note for the statement: shortened rather than refused.
        TransactionDesc: request.description.slice(0, TRANSACTION_DESC_MAX),
      };
      const reply = await client.post(DARAJA_PATHS.stkPush, body, 'STK push');
      return { providerRequestId: requireId(reply, 'CheckoutRequestID', 'STK push') };
    },

    async sendPayout(request) {
      const amount = toWholeShillings(request.amountMinor, request.currency);
      const payee = toDarajaMsisdn(request.phone);
      const remarks = request.remarks.slice(0, REMARKS_MAX);
      const body: B2cRequestBody = {
        OriginatorConversationID: request.idempotencyKey,
        InitiatorName: options.initiatorName,
        SecurityCredential: options.securityCredential,
        CommandID: 'BusinessPayment',
        Amount: amount,
        PartyA: options.shortCode,
        PartyB: payee,
        Remarks: remarks,
        QueueTimeOutURL: options.b2cTimeoutUrl,
        ResultURL: options.b2cResultUrl,
        Occasion: remarks,
      };
      const reply = await client.post(DARAJA_PATHS.b2c, body, 'B2C payment');
      return { providerRequestId: requireId(reply, 'ConversationID', 'B2C payment') };
    },

    async queryDeposit(request) {
      const timestamp = darajaTimestamp(now());
      const body: StkQueryRequestBody = {
        BusinessShortCode: options.shortCode,
        Password: stkPassword(options.shortCode, options.passkey, timestamp),
        Timestamp: timestamp,
        CheckoutRequestID: request.providerRequestId,
      };
      const reply = await client.exchange(DARAJA_PATHS.stkQuery, body, 'STK push query');
      return readStkQuery(reply);
    },

    async queryPayout(request) {
      const body: TransactionStatusRequestBody = {
        Initiator: options.initiatorName,
        SecurityCredential: options.securityCredential,
        CommandID: 'TransactionStatusQuery',
        // No receipt is known for a payout whose result never came: the original
        // OriginatorConversationID identifies it instead, and TransactionID is left out.
        OriginalConversationID: request.originatorConversationId,
        OriginatorConversationID: request.queryId,
        PartyA: options.shortCode,
        IdentifierType: '4',
        ResultURL: options.statusResultUrl,
        QueueTimeOutURL: options.statusTimeoutUrl,
        Remarks: STATUS_REMARKS,
        Occasion: STATUS_REMARKS,
      };
      const reply = await client.post(DARAJA_PATHS.transactionStatus, body, 'Transaction status query');
      return { providerRequestId: requireId(reply, 'ConversationID', 'Transaction status query') };
    },
  };
}

const STATUS_REMARKS = 'Payout status';

/**
 * STK Push Query's answer: a settled prompt is HTTP 200 with ResultCode (0 paid, anything else
 * failed); an open prompt is Daraja's error body with 500.001.1001 "The transaction is being
 * processed"; a CheckoutRequestID Daraja does not know is its error body with "Invalid
 * CheckoutRequestID" (400.002.02 on HTTP 400). Anything else is the usual refusal.
 */
function readStkQuery(reply: DarajaHttpReply): DepositQueryAnswer {
  const what = 'STK push query';
  const record = typeof reply.body === 'object' && reply.body !== null ? (reply.body as Record<string, unknown>) : {};
  const resultCode = record.ResultCode;
  if (reply.status >= 200 && reply.status < 300 && (typeof resultCode === 'string' || typeof resultCode === 'number')) {
    const code = String(resultCode);
    const description = typeof record.ResultDesc === 'string' ? record.ResultDesc : '';
    return { state: code === '0' ? 'succeeded' : 'failed', resultCode: code, description };
  }
  const error = readDarajaError(reply.body);
  if (error !== undefined) {
    if (/invalid\s+checkoutrequestid/i.test(error.errorMessage)) {
      return { state: 'absent', resultCode: error.errorCode, description: error.errorMessage };
    }
    if (error.errorCode === STK_QUERY_PENDING_CODE && /being processed/i.test(error.errorMessage)) {
      return { state: 'pending', resultCode: error.errorCode, description: error.errorMessage };
    }
  }
  if (reply.status >= 200 && reply.status < 300) {
    throw new Error(`${what}: reply without ResultCode (HTTP ${reply.status})`);
  }
  throw refusal(reply, what);
}

function requireId(reply: Record<string, unknown>, field: string, what: string): string {
  const id = reply[field];
  // Accepted but without the id to match the callback by: retrying is the only way to learn it.
  if (typeof id !== 'string' || id.length === 0) throw new Error(`${what}: accepted without ${field}`);
  return id;
}
