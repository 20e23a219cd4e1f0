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

// Any other error thrown by a port is transient (network, timeout, 5xx): the caller retries.

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
