import { PermanentGatewayError } from '../ports.js';

export type FakeFailureKind = 'transient' | 'permanent';

/** Makes the next calls of a fake fail, as a flaky or refusing provider would. */
export interface FakeFailures {
  /** The next `count` calls fail (transient: a plain Error; permanent: PermanentGatewayError). */
  failNext(count: number, kind?: FakeFailureKind): void;
  /** Throws when a failure is due; used at the top of each fake call. */
  throwIfDue(what: string): void;
}

export function createFakeFailures(): FakeFailures {
  const queue: FakeFailureKind[] = [];
  return {
    failNext(count, kind = 'transient') {
      for (let index = 0; index < count; index += 1) queue.push(kind);
    },
    throwIfDue(what) {
      const kind = queue.shift();
      if (kind === 'transient') throw new Error(`${what}: fake transient failure`);
      if (kind === 'permanent') throw new PermanentGatewayError(`${what}: fake refusal`, 'FakeRefusal');
    },
  };
}

/** E.164 as the ports use it; the fakes refuse anything else as the real providers would. */
export function assertE164(phone: string, what: string): void {
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) {
    throw new PermanentGatewayError(`${what}: ${phone} is not an E.164 number`, 'InvalidPhoneNumber');
  }
}
