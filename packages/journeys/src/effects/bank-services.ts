import {
  type CallService,
  type LoanService,
  type MemberService,
  MoneyError,
  type MoneyService,
  type PinHasher,
} from '@sacco/bank';
import type { MemberSummary, MoneyOutcome } from './answers.js';
import { type SessionServices, servicesOf } from './registry.js';

export interface BankSessionServicesOptions {
  readonly members: MemberService;
  readonly money: MoneyService;
  readonly loans: LoanService;
  readonly calls: CallService;
  readonly pinHasher: PinHasher;
  readonly now?: () => Date;
}

/** What the bank-backed side of every effect is given. */
export interface BankDeps extends Required<BankSessionServicesOptions> {
  /** Runs a movement; a refusal comes back as an answer for the member, with their balance. */
  move(memberId: string, work: () => Promise<{ balance: bigint }>): Promise<MoneyOutcome>;
  /** A movement that answers nothing itself: the outcome carries the wallet balance after it. */
  moveThenBalance(memberId: string, work: () => Promise<unknown>): Promise<MoneyOutcome>;
  summary(member: { id: string; fullName: string; language: MemberSummary['language'] }): MemberSummary;
}

/** The session machine's effects, done by the bank on PostgreSQL. */
export function createBankSessionServices(options: BankSessionServicesOptions): SessionServices {
  const { money } = options;
  async function move(memberId: string, work: () => Promise<{ balance: bigint }>): Promise<MoneyOutcome> {
    try {
      const { balance } = await work();
      return { status: 'done', balance: balance.toString() };
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      return { status: 'refused', reason: error.code, balance: (await money.walletBalance(memberId)).toString() };
    }
  }
  const deps: BankDeps = {
    ...options,
    now: options.now ?? (() => new Date()),
    move,
    moveThenBalance: (memberId, work) =>
      move(memberId, async () => {
        await work();
        return { balance: await money.walletBalance(memberId) };
      }),
    summary: (m) => ({ id: m.id, name: m.fullName, language: m.language }),
  };
  return servicesOf((effect) => effect.bank(deps));
}
