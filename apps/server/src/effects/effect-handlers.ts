import {
  type CallService,
  type ClaimedMessage,
  type MoneyService,
  OUTBOX_AIRTIME_REQUEST,
  OUTBOX_DEPOSIT_REQUEST,
  OUTBOX_PAYOUT_REQUEST,
  OUTBOX_VOICE_CALL,
  type OutboxHandler,
  type Payment,
  type PaymentAttempt,
  SMS_OUTBOX_KIND,
  type SmsNotification,
} from '@sacco/bank';
import {
  type AirtimePort,
  type MobileMoneyPort,
  PermanentGatewayError,
  RequestNotSentError,
  type SmsPort,
  type VoicePort,
} from '@sacco/gateways';
import { smsText } from '@sacco/journeys';

export interface EffectPorts {
  readonly sms: SmsPort;
  readonly airtime: AirtimePort;
  readonly mobileMoney: MobileMoneyPort;
  readonly voice: VoicePort;
}

export interface EffectHandlerOptions {
  readonly money: MoneyService;
  readonly calls: CallService;
  readonly ports: EffectPorts;
  readonly serviceCode: string;
  /** The reference shown on the member's M-Pesa prompt (at most 12 characters). */
  readonly accountReference: string;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What each kind of outbox message does: send an SMS, or ask a provider for a deposit prompt,
 * a payout or airtime. Each passes the message's idempotency key on to the provider. When a
 * provider refuses a payment for good, the payment fails and any hold goes back to the wallet.
 */
export function createEffectHandlers(options: EffectHandlerOptions): Record<string, OutboxHandler> {
  const { money, ports } = options;

  async function paymentOf(message: ClaimedMessage): Promise<Payment> {
    const { paymentId } = message.payload as { paymentId: string };
    const payment = await money.findPayment(paymentId);
    if (payment === undefined) throw new Error(`outbox ${message.id}: no payment ${paymentId}`);
    return payment;
  }

  /**
   * A request to a provider for a payment we recorded. It is recorded as an attempt before it
   * goes out and sent only while the payment is pending (never while it is in doubt, never after
   * a send that died before its reply). Then what the provider said decides: accepted (its id is
   * kept for the callback), refused for good (the payment fails, any hold returns), certainly not
   * sent (retried), or anything we cannot know (a timeout, a duplicate-request answer): in doubt,
   * for the resolver to ask about.
   */
  const paymentRequest = (
    reference: (payment: Payment, message: ClaimedMessage) => string,
    send: (payment: Payment, message: ClaimedMessage) => Promise<{ readonly providerRequestId: string }>,
  ): OutboxHandler => ({
    async deliver(message) {
      const payment = await paymentOf(message);
      const attempt: PaymentAttempt | undefined = await money.beginRequest(payment.id, reference(payment, message));
      if (attempt === undefined) return;
      let providerRequestId: string;
      try {
        ({ providerRequestId } = await send(payment, message));
      } catch (error) {
        if (error instanceof PermanentGatewayError) return money.requestRefused(attempt, reasonOf(error));
        if (error instanceof RequestNotSentError) {
          await money.requestNotSent(attempt, reasonOf(error));
          throw error;
        }
        return money.requestInDoubt(attempt, reasonOf(error));
      }
      await money.requestAccepted(attempt, providerRequestId);
    },
    giveUp: async (message, error) => money.requestsExhausted((await paymentOf(message)).id, reasonOf(error)),
  });

  return {
    [SMS_OUTBOX_KIND]: {
      async deliver(message) {
        const sms = message.payload as SmsNotification;
        await ports.sms.send({
          to: sms.to,
          text: smsText(sms, options.serviceCode),
          idempotencyKey: message.idempotencyKey,
        });
      },
    },
    [OUTBOX_DEPOSIT_REQUEST]: paymentRequest(
      (_payment, message) => message.idempotencyKey,
      (payment, message) =>
        ports.mobileMoney.requestDeposit({
          phone: payment.phone,
          amountMinor: payment.amount,
          currency: payment.currency,
          reference: options.accountReference,
          description: 'Deposit',
          idempotencyKey: message.idempotencyKey,
        }),
    ),
    [OUTBOX_PAYOUT_REQUEST]: paymentRequest(
      // Daraja echoes it as OriginatorConversationID, and Transaction Status can be asked by it.
      (payment) => payment.idempotencyKey,
      (payment) =>
        ports.mobileMoney.sendPayout({
          phone: payment.phone,
          amountMinor: payment.amount,
          currency: payment.currency,
          remarks: 'Withdrawal',
          idempotencyKey: payment.idempotencyKey,
        }),
    ),
    [OUTBOX_AIRTIME_REQUEST]: paymentRequest(
      (_payment, message) => message.idempotencyKey,
      (payment, message) =>
        ports.airtime.send({
          phone: payment.phone,
          amountMinor: payment.amount,
          currency: payment.currency,
          idempotencyKey: message.idempotencyKey,
        }),
    ),
    [OUTBOX_VOICE_CALL]: {
      async deliver(message) {
        const { callRequestId, to } = message.payload as { callRequestId: string; to: string };
        const { providerSessionId } = await ports.voice.call({ to, idempotencyKey: message.idempotencyKey });
        await options.calls.recordProviderSession(callRequestId, providerSessionId);
      },
    },
  };
}
