import {
  type CallService,
  type ClaimedMessage,
  type Database,
  findPayment,
  type MoneyService,
  OUTBOX_AIRTIME_REQUEST,
  OUTBOX_DEPOSIT_REQUEST,
  OUTBOX_PAYOUT_REQUEST,
  OUTBOX_VOICE_CALL,
  type OutboxHandler,
  type Payment,
  SMS_OUTBOX_KIND,
  type SmsNotification,
} from '@sacco/bank';
import type { AirtimePort, MobileMoneyPort, SmsPort, VoicePort } from '@sacco/gateways';
import { smsText } from '@sacco/journeys';
import type { Kysely } from 'kysely';

export interface EffectPorts {
  readonly sms: SmsPort;
  readonly airtime: AirtimePort;
  readonly mobileMoney: MobileMoneyPort;
  readonly voice: VoicePort;
}

export interface EffectHandlerOptions {
  readonly db: Kysely<Database>;
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
  const { db, money, ports } = options;

  async function paymentOf(message: ClaimedMessage): Promise<Payment> {
    const { paymentId } = message.payload as { paymentId: string };
    const payment = await findPayment(db, paymentId);
    if (payment === undefined) throw new Error(`outbox ${message.id}: no payment ${paymentId}`);
    return payment;
  }

  /**
   * A request to a provider for a payment we recorded: sent only while the payment is pending,
   * its provider id recorded for the callback, and the payment failed (any hold returned) when
   * the provider refuses it for good.
   */
  const paymentRequest = (
    send: (payment: Payment, message: ClaimedMessage) => Promise<{ readonly providerRequestId: string }>,
  ): OutboxHandler => ({
    async deliver(message) {
      const payment = await paymentOf(message);
      if (payment.status !== 'pending') return;
      const { providerRequestId } = await send(payment, message);
      await money.recordProviderRequest(payment.id, providerRequestId);
    },
    giveUp: async (message, error) => money.failPaymentRequest((await paymentOf(message)).id, reasonOf(error)),
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
    [OUTBOX_DEPOSIT_REQUEST]: paymentRequest((payment, message) =>
      ports.mobileMoney.requestDeposit({
        phone: payment.phone,
        amountMinor: payment.amount,
        currency: payment.currency,
        reference: options.accountReference,
        description: 'Deposit',
        idempotencyKey: message.idempotencyKey,
      }),
    ),
    [OUTBOX_PAYOUT_REQUEST]: paymentRequest((payment) =>
      ports.mobileMoney.sendPayout({
        phone: payment.phone,
        amountMinor: payment.amount,
        currency: payment.currency,
        remarks: 'Withdrawal',
        // Daraja echoes it as OriginatorConversationID: the result can be matched by it.
        idempotencyKey: payment.idempotencyKey,
      }),
    ),
    [OUTBOX_AIRTIME_REQUEST]: paymentRequest((payment, message) =>
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
