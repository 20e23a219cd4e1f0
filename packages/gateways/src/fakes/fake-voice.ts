import type { VoiceCallRequest, VoicePort } from '../ports.js';
import { assertE164, createFakeFailures, type FakeFailureKind } from './fake-failures.js';

export interface FakeVoiceCall extends VoiceCallRequest {
  readonly providerSessionId: string;
  readonly calledAt: Date;
}

export interface FakeVoice extends VoicePort {
  /** Every call "placed", once per idempotency key. */
  sent(): readonly FakeVoiceCall[];
  failNext(count: number, kind?: FakeFailureKind): void;
}

/**
 * An in-memory voice port for the embedded mode and tests: records the calls it places,
 * answers a repeated idempotency key with the first session id, and can fail the next calls.
 */
export function createFakeVoice(): FakeVoice {
  const failures = createFakeFailures();
  const byKey = new Map<string, FakeVoiceCall>();
  let counter = 0;
  return {
    async call(request) {
      failures.throwIfDue('Fake voice');
      const earlier = byKey.get(request.idempotencyKey);
      if (earlier !== undefined) return { providerSessionId: earlier.providerSessionId };
      assertE164(request.to, 'Fake voice');
      counter += 1;
      const record = { ...request, providerSessionId: `ATVId_fake_${counter}`, calledAt: new Date() };
      byKey.set(request.idempotencyKey, record);
      return { providerSessionId: record.providerSessionId };
    },
    sent: () => [...byKey.values()],
    failNext: failures.failNext,
  };
}
