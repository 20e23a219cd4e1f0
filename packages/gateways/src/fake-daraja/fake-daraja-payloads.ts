import { darajaTimestamp } from '../daraja/daraja-password.js';
import type { B2cResultBody, B2cResultParameter, StkCallbackBody } from '../daraja/daraja-wire.js';
import { newReceipt } from './fake-daraja-ids.js';

// The callback bodies Daraja POSTs, after Safaricom's documented samples.

export interface FailureCode {
  readonly code: number;
  readonly description: string;
}

export const STK_CANCELLED: FailureCode = { code: 1032, description: 'Request cancelled by user' };
export const STK_UNREACHABLE: FailureCode = { code: 1037, description: 'DS timeout user cannot be reached' };
export const B2C_INITIATOR_INVALID: FailureCode = { code: 2001, description: 'The initiator information is invalid.' };

interface StkPayment {
  readonly merchantRequestId: string;
  /** CheckoutRequestID. */
  readonly providerRequestId: string;
  readonly amount: number;
  readonly phone: string;
}

interface B2cPayment {
  /** ConversationID. */
  readonly providerRequestId: string;
  readonly originatorConversationId: string | undefined;
  readonly amount: number;
  readonly phone: string;
}

export function stkSuccessBody(payment: StkPayment, at: Date, receipt: string = newReceipt()): StkCallbackBody {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: payment.merchantRequestId,
        CheckoutRequestID: payment.providerRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: payment.amount },
            { Name: 'MpesaReceiptNumber', Value: receipt },
            { Name: 'TransactionDate', Value: Number(darajaTimestamp(at)) },
            { Name: 'PhoneNumber', Value: Number(payment.phone) },
          ],
        },
      },
    },
  };
}

export function stkFailureBody(payment: StkPayment, failure: FailureCode): StkCallbackBody {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: payment.merchantRequestId,
        CheckoutRequestID: payment.providerRequestId,
        ResultCode: failure.code,
        ResultDesc: failure.description,
      },
    },
  };
}

const REFERENCE_DATA = {
  ReferenceItem: {
    Key: 'QueueTimeoutURL',
    Value: 'https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit',
  },
};

export function b2cSuccessBody(payment: B2cPayment, at: Date, receipt: string = newReceipt()): B2cResultBody {
  const nairobi = darajaTimestamp(at);
  // TransactionCompletedDateTime is written dd.MM.yyyy HH:mm:ss.
  const completed = `${nairobi.slice(6, 8)}.${nairobi.slice(4, 6)}.${nairobi.slice(0, 4)} ${nairobi.slice(8, 10)}:${nairobi.slice(10, 12)}:${nairobi.slice(12, 14)}`;
  return {
    Result: {
      ResultType: 0,
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      OriginatorConversationID: payment.originatorConversationId ?? '',
      ConversationID: payment.providerRequestId,
      TransactionID: receipt,
      ResultParameters: {
        ResultParameter: [
          { Key: 'TransactionAmount', Value: payment.amount },
          { Key: 'TransactionReceipt', Value: receipt },
          { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
          { Key: 'B2CChargesPaidAccountAvailableFunds', Value: 0 },
          { Key: 'ReceiverPartyPublicName', Value: `${payment.phone} - Fake Customer` },
          { Key: 'TransactionCompletedDateTime', Value: completed },
          { Key: 'B2CUtilityAccountAvailableFunds', Value: 1_000_000 },
          { Key: 'B2CWorkingAccountAvailableFunds', Value: 1_000_000 },
        ],
      },
      ReferenceData: REFERENCE_DATA,
    },
  };
}

export function b2cFailureBody(payment: B2cPayment, failure: FailureCode): B2cResultBody {
  return {
    Result: {
      ResultType: 0,
      ResultCode: failure.code,
      ResultDesc: failure.description,
      OriginatorConversationID: payment.originatorConversationId ?? '',
      ConversationID: payment.providerRequestId,
      TransactionID: newReceipt().slice(0, 3).padEnd(10, '0'),
      ReferenceData: REFERENCE_DATA,
    },
  };
}

/** The queue-timeout notice: the request waited too long in M-Pesa's queue and was dropped. */
export function b2cTimeoutBody(payment: B2cPayment): B2cResultBody {
  return {
    Result: {
      ResultType: 1,
      ResultCode: 1,
      ResultDesc: 'The service request has timed out.',
      OriginatorConversationID: payment.originatorConversationId ?? '',
      ConversationID: payment.providerRequestId,
    },
  };
}

/** The Transaction Status query a Result answers: its own ids, as acknowledged. */
export interface StatusQuery {
  readonly originatorConversationId: string;
  readonly conversationId: string;
}

/** What the fake knows of the transaction asked about. */
export interface StatusSubject {
  readonly payment: B2cPayment & { readonly kind: 'deposit' | 'payout'; readonly receivedAt: Date };
  /** Completed, Declined, Failed, Pending... as M-Pesa's TransactionStatus. */
  readonly status: string;
  readonly receipt: string | undefined;
  readonly finalisedAt: Date | undefined;
}

export const STATUS_NOT_FOUND: FailureCode = { code: 1, description: 'The transaction could not be found.' };

/**
 * The Result a Transaction Status query POSTs to its ResultURL when M-Pesa has the transaction,
 * after Safaricom's sample: ResultCode 0 and the transaction's details in ResultParameters.
 */
export function statusFoundBody(query: StatusQuery, subject: StatusSubject, shortCode: string): B2cResultBody {
  const { payment } = subject;
  const parameters: B2cResultParameter[] = [
    { Key: 'DebitPartyName', Value: `${shortCode} - Fake Sacco` },
    { Key: 'CreditPartyName', Value: `${payment.phone} - Fake Customer` },
    { Key: 'OriginatorConversationID', Value: payment.originatorConversationId ?? '' },
    { Key: 'InitiatedTime', Value: darajaTimestamp(payment.receivedAt) },
    { Key: 'DebitAccountType', Value: 'Utility Account' },
    { Key: 'ReasonType', Value: 'Business Payment to Customer via API' },
    { Key: 'TransactionStatus', Value: subject.status },
    ...(subject.finalisedAt === undefined
      ? []
      : [{ Key: 'FinalisedTime', Value: darajaTimestamp(subject.finalisedAt) }]),
    { Key: 'Amount', Value: String(payment.amount) },
    { Key: 'ConversationID', Value: payment.providerRequestId },
    ...(subject.receipt === undefined ? [] : [{ Key: 'ReceiptNo', Value: subject.receipt }]),
  ];
  return {
    Result: {
      ResultType: 0,
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      OriginatorConversationID: query.originatorConversationId,
      ConversationID: query.conversationId,
      TransactionID: subject.receipt ?? newReceipt().slice(0, 3).padEnd(10, '0'),
      ResultParameters: { ResultParameter: parameters },
      ReferenceData: { ReferenceItem: { Key: 'Occasion' } },
    },
  };
}

/** A Transaction Status Result without details: not found, or the query refused (2001). */
export function statusFailureBody(query: StatusQuery, failure: FailureCode): B2cResultBody {
  return {
    Result: {
      ResultType: 0,
      ResultCode: failure.code,
      ResultDesc: failure.description,
      OriginatorConversationID: query.originatorConversationId,
      ConversationID: query.conversationId,
      TransactionID: newReceipt().slice(0, 3).padEnd(10, '0'),
      ReferenceData: { ReferenceItem: { Key: 'Occasion' } },
    },
  };
}
