import { randomInt } from 'node:crypto';
import { backdateEntries, walletIdOf } from '@sacco/bank/testing';
import { loadConfig } from '@sacco/config';
import { SAMPLE } from '@sacco/journeys';
import type { FastifyInstance } from 'fastify';
import { createDomain } from '../../src/domain.js';
import type { TestApp } from './test-app.js';

/** Where one replayed path runs: the app to hop against, the caller, and what happens mid-session. */
export interface ScenarioWorld {
  readonly app: FastifyInstance;
  readonly phone: string;
  /** Run after the first hop (the dial), before the member types anything. */
  readonly afterDial?: () => Promise<void>;
}

/**
 * The real-world set-up of each scenario of the studio's session model (see the `sample` side of
 * each effect in packages/journeys/src/effects/): what the model says the bank answers, made
 * true in PostgreSQL. Every path gets a caller of its own, so paths never share a member.
 */
export function scenarioWorlds(live: TestApp, offline: TestApp) {
  const config = loadConfig(live.env);
  const domain = createDomain(config, live.runtime.db);
  const freshPhone = () => `+2547${String(randomInt(10_000_000, 99_999_999))}`;

  async function register(phone: string) {
    const result = await domain.members.register({
      phone,
      fullName: SAMPLE.memberName,
      city: 'Nakuru',
      language: 'en',
      pin: SAMPLE.pin,
    });
    if (result.status !== 'registered') throw new Error(`${phone} was already registered`);
    return result.member;
  }

  /** A member with `SAMPLE.balance` in the wallet, credited as a settled M-Pesa deposit would be. */
  async function member(phone: string) {
    const registered = await register(phone);
    const idempotencyKey = `studio-paths:fund:${phone}`;
    const payment = await domain.money.requestDeposit({
      memberId: registered.id,
      phone,
      amount: SAMPLE.balance,
      idempotencyKey,
    });
    await domain.money.recordProviderRequest(payment.id, `studio-paths-${phone}`);
    const settled = await domain.money.settleDeposit({
      providerRequestId: `studio-paths-${phone}`,
      succeeded: true,
      description: 'funded for the path tests',
    });
    if (settled.outcome !== 'applied') throw new Error(`funding ${phone}: ${settled.outcome}`);
    return registered;
  }

  /**
   * A member who joined 60 days ago and has kept `SAMPLE.balance` for the last 40: the loan
   * policy lends on membership age and the average balance of the last 30 days.
   */
  async function borrower(phone: string) {
    const registered = await member(phone);
    const db = live.runtime.db;
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await db
      .updateTable('members')
      .set({ created_at: longAgo(60) })
      .where('id', '=', registered.id)
      .execute();
    const wallet = await walletIdOf(db, registered.id);
    await backdateEntries(db, { accountId: wallet }, longAgo(40));
    return registered;
  }

  const worlds: Readonly<Record<string, () => Promise<ScenarioWorld>>> = {
    newcomer: async () => ({ app: live.app, phone: freshPhone() }),
    member: async () => {
      const phone = freshPhone();
      await member(phone);
      return { app: live.app, phone };
    },
    locked: async () => {
      const phone = freshPhone();
      const locked = await register(phone);
      for (let i = 0; i < config.PIN_MAX_ATTEMPTS; i += 1) await domain.members.verifyPin(locked.id, SAMPLE.otherPin);
      return { app: live.app, phone };
    },
    raced: async () => {
      const phone = freshPhone();
      // Another session registers the number after this one looked it up as unknown.
      return { app: live.app, phone, afterDial: async () => void (await register(phone)) };
    },
    offline: async () => ({ app: offline.app, phone: freshPhone() }),
    borrower: async () => {
      const phone = freshPhone();
      await borrower(phone);
      return { app: live.app, phone };
    },
    debtor: async () => {
      const phone = freshPhone();
      const debtor = await borrower(phone);
      const key = `studio-paths:loan:${phone}`;
      await domain.loans.apply({ memberId: debtor.id, principal: 50_000n, termDays: 30, idempotencyKey: key });
      return { app: live.app, phone };
    },
    reset: async () => {
      const phone = freshPhone();
      const reset = await member(phone);
      const db = live.runtime.db;
      // A member of 60 days whose savings arrived just now: no average yet to lend on.
      await db
        .updateTable('members')
        .set({ created_at: new Date(Date.now() - 60 * 86_400_000) })
        .where('id', '=', reset.id)
        .execute();
      // An operator's reset, with its one-time PIN made the sample PIN so the path can type it.
      const { pin_hash } = await db
        .selectFrom('pin_credentials')
        .select('pin_hash')
        .where('member_id', '=', reset.id)
        .executeTakeFirstOrThrow();
      await domain.members.resetPin({ memberId: reset.id, actor: 'path-tests', reason: 'forgot the PIN' });
      await db.updateTable('pin_credentials').set({ pin_hash }).where('member_id', '=', reset.id).execute();
      return { app: live.app, phone };
    },
    resetExpired: async () => {
      const phone = freshPhone();
      const reset = await member(phone);
      await domain.members.resetPin({ memberId: reset.id, actor: 'path-tests', reason: 'forgot the PIN' });
      await live.runtime.db
        .updateTable('pin_credentials')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('member_id', '=', reset.id)
        .execute();
      return { app: live.app, phone };
    },
    called: async () => {
      const phone = freshPhone();
      const called = await member(phone);
      await domain.calls.requestCallBack({ memberId: called.id, phone });
      return { app: live.app, phone };
    },
  };

  return {
    /** Registers the member every money path sends to. */
    async prepare() {
      await member(SAMPLE.recipientPhone);
    },
    world(scenario: string): Promise<ScenarioWorld> {
      const setUp = worlds[scenario];
      if (setUp === undefined) {
        throw new Error(`scenario "${scenario}" has no set-up: add it to apps/server/test/support/scenario-worlds.ts`);
      }
      return setUp();
    },
  };
}
