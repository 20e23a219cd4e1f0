// Daraja's wire shapes, as Safaricom documents them (see docs/gateways.md for the sources).
// Shared by the adapter, the callback parsers and the fake, so the three cannot drift apart.

export const DARAJA_PATHS = {
  oauth: '/oauth/v1/generate',
  stkPush: '/mpesa/stkpush/v1/processrequest',
  b2c: '/mpesa/b2c/v3/paymentrequest',
  stkQuery: '/mpesa/stkpushquery/v1/query',
  transactionStatus: '/mpesa/transactionstatus/v1/query',
} as const;

/** STK Push Query's errorCode while the prompt is still open (with "The transaction is being processed"). */
export const STK_QUERY_PENDING_CODE = '500.001.1001';

export interface DarajaTokenReply {
  readonly access_token: string;
  /** Seconds, sent as a string (`"3599"`). */
  readonly expires_in: string | number;
}

/** What Daraja answers instead of the documented reply when it refuses a request. */
export interface DarajaErrorReply {
  readonly requestId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface StkPushRequestBody {
  readonly BusinessShortCode: string;
  /** base64(BusinessShortCode + passkey + Timestamp). */
  readonly Password: string;
  /** yyyyMMddHHmmss, Nairobi time. */
  readonly Timestamp: string;
  readonly TransactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  /** Whole shillings. */
  readonly Amount: number;
  /** The payer, `2547...`. */
  readonly PartyA: string;
  readonly PartyB: string;
  readonly PhoneNumber: string;
  readonly CallBackURL: string;
  /** At most 12 characters; shown to the payer on the prompt. */
  readonly AccountReference: string;
  /** At most 13 characters. */
  readonly TransactionDesc: string;
}

export interface StkPushReply {
  readonly MerchantRequestID: string;
  readonly CheckoutRequestID: string;
  readonly ResponseCode: string;
  readonly ResponseDescription: string;
  readonly CustomerMessage: string;
}

export type B2cCommandId = 'BusinessPayment' | 'SalaryPayment' | 'PromotionPayment';

export interface B2cRequestBody {
  readonly OriginatorConversationID: string;
  readonly InitiatorName: string;
  readonly SecurityCredential: string;
  readonly CommandID: B2cCommandId;
  /** Whole shillings. */
  readonly Amount: number;
  readonly PartyA: string;
  /** The payee, `2547...`. */
  readonly PartyB: string;
  /** At most 100 characters. */
  readonly Remarks: string;
  readonly QueueTimeOutURL: string;
  readonly ResultURL: string;
  /** Optional, at most 100 characters. */
  readonly Occasion?: string;
}

export interface B2cReply {
  readonly ConversationID: string;
  readonly OriginatorConversationID: string;
  readonly ResponseCode: string;
  readonly ResponseDescription: string;
}

export interface StkCallbackItem {
  readonly Name: string;
  /** Absent on some items (`{"Name":"Balance"}`). */
  readonly Value?: string | number;
}

export interface StkCallbackBody {
  readonly Body: {
    readonly stkCallback: {
      readonly MerchantRequestID: string;
      readonly CheckoutRequestID: string;
      readonly ResultCode: number;
      readonly ResultDesc: string;
      readonly CallbackMetadata?: { readonly Item: readonly StkCallbackItem[] };
    };
  };
}

export interface B2cResultParameter {
  readonly Key: string;
  readonly Value?: string | number;
}

export interface B2cResultBody {
  readonly Result: {
    readonly ResultType: number;
    readonly ResultCode: number;
    readonly ResultDesc: string;
    readonly OriginatorConversationID: string;
    readonly ConversationID: string;
    readonly TransactionID?: string;
    readonly ResultParameters?: { readonly ResultParameter: readonly B2cResultParameter[] };
    readonly ReferenceData?: unknown;
  };
}

export interface StkQueryRequestBody {
  readonly BusinessShortCode: string;
  /** As for the STK push: base64(BusinessShortCode + passkey + Timestamp). */
  readonly Password: string;
  readonly Timestamp: string;
  readonly CheckoutRequestID: string;
}

/** STK Push Query's answer once the prompt is settled (ResultCode as a string here). */
export interface StkQueryReply {
  readonly ResponseCode: string;
  readonly ResponseDescription: string;
  readonly MerchantRequestID: string;
  readonly CheckoutRequestID: string;
  readonly ResultCode: string;
  readonly ResultDesc: string;
}

export interface TransactionStatusRequestBody {
  readonly Initiator: string;
  readonly SecurityCredential: string;
  readonly CommandID: 'TransactionStatusQuery';
  /** The M-Pesa receipt; either it or OriginalConversationID identifies the transaction. */
  readonly TransactionID?: string;
  /** The OriginatorConversationID of the transaction asked about. */
  readonly OriginalConversationID?: string;
  /** This query's own id, echoed in its Result (as for B2C v3). */
  readonly OriginatorConversationID?: string;
  readonly PartyA: string;
  /** 4: organisation short code. */
  readonly IdentifierType: '1' | '2' | '4';
  readonly ResultURL: string;
  readonly QueueTimeOutURL: string;
  /** At most 100 characters. */
  readonly Remarks: string;
  readonly Occasion?: string;
}

export interface TransactionStatusReply {
  readonly OriginatorConversationID: string;
  readonly ConversationID: string;
  readonly ResponseCode: string;
  readonly ResponseDescription: string;
}
