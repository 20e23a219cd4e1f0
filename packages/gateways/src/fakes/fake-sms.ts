import type { SmsMessage, SmsPort } from '../ports.js';
import { assertE164, createFakeFailures, type FakeFailureKind } from './fake-failures.js';

export interface FakeSentSms extends SmsMessage {
  readonly providerMessageId: string;
  readonly sentAt: Date;
}

export interface FakeSms extends SmsPort {
  /** Every message "sent", once per idempotency key. */
  sent(): readonly FakeSentSms[];
  failNext(count: number, kind?: FakeFailureKind): void;
}

/**
 * An in-memory SMS port for the embedded mode and tests: records what it sends, answers a
 * repeated idempotency key with the first result and records nothing new, and can be told to
 * fail the next calls so that retries can be proven.
 */
export function createFakeSms(): FakeSms {
  const failures = createFakeFailures();
  const byKey = new Map<string, FakeSentSms>();
  let counter = 0;
  return {
    async send(message) {
      failures.throwIfDue('Fake SMS');
      const earlier = byKey.get(message.idempotencyKey);
      if (earlier !== undefined) return { providerMessageId: earlier.providerMessageId };
      assertE164(message.to, 'Fake SMS');
      counter += 1;
      const record = { ...message, providerMessageId: `ATXid_fake_${counter}`, sentAt: new Date() };
      byKey.set(message.idempotencyKey, record);
      return { providerMessageId: record.providerMessageId };
    },
    sent: () => [...byKey.values()],
    failNext: failures.failNext,
  };
}
