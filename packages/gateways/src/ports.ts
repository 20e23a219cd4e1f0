/**
 * The service's ports to the outside world. Amounts are always minor units (`bigint`); every
 * request carries an idempotency key that the adapter hands to the provider where the provider
 * supports one, so that a retried request never causes a second effect.
 */

/** A request the provider refused for good (bad number, insufficient float): do not retry it. */
export class PermanentGatewayError extends Error {
  constructor(
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'PermanentGatewayError';
  }
}

/**
 * The request certainly never took effect at the provider: the connection was refused or the
 * name did not resolve before anything was sent, the OAuth token could not be had (so the
 * request itself was never sent), or the provider answered with its own error body and a
 * 5xx/408/429 status (it refused to process it). Retrying is safe. A subclass of Error, so code
 * that treats every plain Error as transient keeps working.
 */
export class RequestNotSentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RequestNotSentError';
  }
}

/**
 * The provider says it saw this request before (e.g. Africa's Talking's `DuplicateRequest`):
 * the first attempt may have succeeded, so this one is neither a success nor a refusal. Wait
 * for the first request's outcome (its callback) instead of counting it as failed or retrying.
 */
export class OutcomeUnknownError extends Error {
  constructor(
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'OutcomeUnknownError';
  }
}

// Any other error thrown by a port is transient but in doubt (timeout, reset after sending, a
// 5xx without the provider's error body): the request may have taken effect. The caller retries
// with the same idempotency key, or asks the provider (queryDeposit / queryPayout).

export interface SmsMessage {
  /** E.164, e.g. +254711000111. */
  readonly to: string;
  readonly text: string;
  readonly idempotencyKey: string;
}

export interface SmsPort {
  send(message: SmsMessage): Promise<{ readonly providerMessageId: string | undefined }>;
}

export interface AirtimeRequest {
  readonly phone: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly idempotencyKey: string;
}

export interface AirtimePort {
  /**
   * Sends airtime. Resolves with the provider's request id once the provider accepted it; the
   * final outcome arrives later on the airtime status callback. Throws PermanentGatewayError
   * when the provider refused it at once.
   */
  send(request: AirtimeRequest): Promise<{ readonly providerRequestId: string }>;
}

export interface VoiceCallRequest {
  /** The member to call, E.164. */
  readonly to: string;
  readonly idempotencyKey: string;
}

export interface VoicePort {
  call(request: VoiceCallRequest): Promise<{ readonly providerSessionId: string | undefined }>;
}

export interface DepositRequest {
  /** The payer's phone, E.164. */
  readonly phone: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Shown to the payer on the prompt (the account reference), at most 12 characters. */
  readonly reference: string;
  readonly description: string;
  readonly idempotencyKey: string;
}

export interface PayoutRequest {
  readonly phone: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly remarks: string;
  /** Sent as the provider's originator id, so a repeated request is recognised. */
  readonly idempotencyKey: string;
}

export interface MobileMoneyPort {
  /** Asks the provider to prompt the payer for their PIN (M-Pesa STK push). */
  requestDeposit(request: DepositRequest): Promise<{ readonly providerRequestId: string }>;
  /** Sends money to a phone (M-Pesa B2C). */
  sendPayout(request: PayoutRequest): Promise<{ readonly providerRequestId: string }>;
  /** Asks Daraja what became of an STK push (STK Push Query, synchronous). */
  queryDeposit(request: { readonly providerRequestId: string }): Promise<DepositQueryAnswer>;
  /** Asks for a payout's status (Transaction Status, asynchronous: the answer arrives on the status result URL). Resolves with the query's own ids once Daraja accepted the query. */
  queryPayout(request: {
    readonly originatorConversationId: string;
    readonly queryId: string;
  }): Promise<{ readonly providerRequestId: string }>;
}

export interface DepositQueryAnswer {
  /** succeeded: ResultCode 0. failed: any other ResultCode (1032 cancelled, 1037 timed out, 1 insufficient funds...). pending: Daraja says it is still being processed (errorCode 500.001.1001). absent: Daraja has no such CheckoutRequestID, i.e. no prompt exists. */
  readonly state: 'succeeded' | 'failed' | 'pending' | 'absent';
  readonly resultCode: string;
  readonly description: string;
}

/** What a mobile-money callback says, once parsed from the provider's own shape. */
export interface MobileMoneyResult {
  readonly kind: 'deposit' | 'payout';
  /** The id the request was answered with (CheckoutRequestID, ConversationID). */
  readonly providerRequestId: string;
  /** Our idempotency key, when the provider echoes it (OriginatorConversationID). */
  readonly originatorId: string | undefined;
  readonly succeeded: boolean;
  /** Provider's code and text, for the log and the member's SMS on failure. */
  readonly resultCode: string;
  readonly resultDescription: string;
  /** Present on success: what actually moved, and the provider's receipt. */
  readonly amountMinor: bigint | undefined;
  readonly receipt: string | undefined;
  readonly phone: string | undefined;
}

export interface AirtimeStatus {
  readonly providerRequestId: string;
  readonly succeeded: boolean;
  readonly phone: string | undefined;
  readonly description: string | undefined;
  /** What was sent, from `value`, when the callback carries it. */
  readonly amountMinor: bigint | undefined;
  readonly currency: string | undefined;
}
