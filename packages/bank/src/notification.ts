import type { Transaction } from 'kysely';
import type { Database, Language } from './database.js';
import { enqueue } from './outbox.repository.js';

/** The SMS the bank sends; the words live with the other catalogs (journeys), not here. */
export type SmsTemplate =
  | 'welcome'
  | 'deposit-succeeded'
  | 'deposit-failed'
  | 'withdrawal-succeeded'
  | 'withdrawal-failed'
  | 'transfer-sent'
  | 'transfer-received'
  | 'airtime-sent'
  | 'airtime-failed'
  | 'loan-disbursed'
  | 'loan-repayment'
  | 'loan-repaid'
  | 'loan-reminder'
  | 'loan-overdue'
  | 'loan-recovered'
  | 'pin-reset'
  | 'pin-changed'
  | 'pin-locked'
  | 'correction-credit'
  | 'correction-debit';

export interface SmsNotification {
  readonly to: string;
  readonly language: Language;
  readonly template: SmsTemplate;
  /** Amounts as minor-unit strings with their `currency`; names and numbers as they are. */
  readonly params: Readonly<Record<string, string>>;
}

export const SMS_OUTBOX_KIND = 'sms';

/** Queues an SMS in the caller's transaction: sent after commit, once per `key`. */
export async function enqueueSms(trx: Transaction<Database>, key: string, sms: SmsNotification): Promise<void> {
  await enqueueSmsBatch(trx, [{ key, sms }]);
}

/** Queues several SMS in one statement. */
export async function enqueueSmsBatch(
  trx: Transaction<Database>,
  batch: readonly { key: string; sms: SmsNotification }[],
): Promise<void> {
  await enqueue(
    trx,
    ...batch.map(({ key, sms }) => ({ kind: SMS_OUTBOX_KIND, payload: sms, idempotencyKey: `sms:${key}` })),
  );
}
