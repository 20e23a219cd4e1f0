import type { Language } from '@sacco/bank';
import type { MoneyOutcome } from './answers.js';
import { servicesOf } from './registry.js';

export interface FakeMember {
  id: string;
  name: string;
  language: Language;
  phone: string;
  pin: string;
  failures: number;
  locked: boolean;
  balance: bigint;
  /** An operator reset the PIN: it must be changed on the next dial. */
  mustChangePin?: boolean;
  /** ... and the one-time PIN expired unused. */
  resetExpired?: boolean;
}

/** What the in-memory side of every effect reads and changes: members, requests and one loan. */
export interface MemoryWorld {
  readonly maxAttempts: number;
  readonly members: Map<string, FakeMember>;
  readonly requests: { kind: string; idempotencyKey: string; amount: string }[];
  loanLimit: bigint;
  loan: { memberId: string; principal: bigint; total: bigint; paid: bigint } | undefined;
  digest(sessionId: string, pin: string): string;
  byId(id: string): FakeMember;
  /** Takes money from the wallet once per idempotency key, refusing an overdraft. */
  debitWallet(kind: string, request: { idempotencyKey: string; memberId: string; amount: string }): MoneyOutcome;
}

function createMemoryWorld(maxAttempts: number): MemoryWorld {
  const members = new Map<string, FakeMember>();
  const requests: MemoryWorld['requests'] = [];
  const byId = (id: string) => {
    const member = [...members.values()].find((m) => m.id === id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  };
  return {
    maxAttempts,
    members,
    requests,
    loanLimit: 0n,
    loan: undefined,
    digest: (sessionId, pin) => `digest:${sessionId}:${pin}`,
    byId,
    debitWallet(kind, request) {
      const member = byId(request.memberId);
      if (!requests.some((r) => r.idempotencyKey === request.idempotencyKey)) {
        if (member.balance < BigInt(request.amount)) {
          return { status: 'refused', reason: 'insufficient-funds', balance: member.balance.toString() };
        }
        member.balance -= BigInt(request.amount);
        requests.push({ kind, ...request });
      }
      return { status: 'done', balance: member.balance.toString() };
    },
  };
}

/**
 * The session machine's effects in memory, for machine tests: the same answers the bank gives,
 * with the PIN kept in clear because nothing here is ever persisted.
 */
export function createFakeSessionServices(maxAttempts = 3) {
  const world = createMemoryWorld(maxAttempts);
  return {
    services: servicesOf((effect) => effect.memory(world)),
    members: world.members,
    requests: world.requests,
    get loanLimit() {
      return world.loanLimit;
    },
    set loanLimit(limit: bigint) {
      world.loanLimit = limit;
    },
  };
}
