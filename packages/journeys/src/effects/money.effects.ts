import type { MoneyService } from '@sacco/bank';
import { SAMPLE } from '../sample-values.js';
import type { MoneyOutcome, MoneyRequest, RecipientLookup } from './answers.js';
import { effect } from './effect.js';
import { debit, done, SAMPLE_MEMBER } from './sample-world.js';

/** A deposit from mobile money: the provider prompts the member; the wallet moves on its confirmation. */
const requestDeposit = effect<MoneyRequest & { phone: string }, MoneyOutcome>({
  bank:
    ({ money, moveThenBalance }) =>
    (request) =>
      moveThenBalance(request.memberId, () => money.requestDeposit({ ...request, amount: BigInt(request.amount) })),
  memory:
    ({ requests, byId }) =>
    async (request) => {
      requests.push({ kind: 'deposit', ...request });
      return { status: 'done', balance: byId(request.memberId).balance.toString() };
    },
  sample: () => done(SAMPLE.balance),
});

/**
 * A movement out of the wallet for the member's phone (or another): `pay` at the bank, a debit of
 * the in-memory wallet under `kind`, and the samples' debit.
 */
function walletDebit(
  kind: string,
  pay: (
    money: MoneyService,
    request: Omit<MoneyRequest, 'amount'> & { phone: string; amount: bigint },
  ) => Promise<{ balance: bigint }>,
) {
  return effect<MoneyRequest & { phone: string }, MoneyOutcome>({
    bank:
      ({ money, move }) =>
      (request) =>
        move(request.memberId, () => pay(money, { ...request, amount: BigInt(request.amount) })),
    memory:
      ({ debitWallet }) =>
      async (request) =>
        debitWallet(kind, request),
    sample: ({ amount }) => debit(amount),
  });
}

/** A withdrawal to mobile money: the amount leaves the wallet now, the payout follows. */
const withdraw = walletDebit('withdraw', (money, request) => money.requestWithdrawal(request));

/** Who `phone` belongs to; `caller` is the phone looking (its look-ups are rate limited). */
const findRecipient = effect<{ phone: string; caller: string }, RecipientLookup>({
  bank:
    ({ members }) =>
    async ({ phone }) => {
      const member = await members.findByPhone(phone);
      return member === undefined
        ? { status: 'unknown' }
        : { status: 'found', member: { id: member.id, name: member.fullName } };
    },
  memory:
    ({ members }) =>
    async ({ phone }) => {
      const member = members.get(phone);
      return member === undefined
        ? { status: 'unknown' }
        : { status: 'found', member: { id: member.id, name: member.name } };
    },
  sample: ({ phone }, { context }) => {
    if (phone === SAMPLE.recipientPhone) {
      return { output: { status: 'found', member: { id: 'member-2', name: SAMPLE.recipientName } } };
    }
    if (phone === context.phone) return { output: { status: 'found', member: SAMPLE_MEMBER } };
    return { output: { status: 'unknown' } };
  },
});

/** Wallet to wallet, in one transaction. */
const transfer = effect<MoneyRequest & { toMemberId: string }, MoneyOutcome>({
  bank:
    ({ money, move }) =>
    (request) =>
      move(request.memberId, () =>
        money.transfer({
          fromMemberId: request.memberId,
          toMemberId: request.toMemberId,
          amount: BigInt(request.amount),
          idempotencyKey: request.idempotencyKey,
        }),
      ),
  memory:
    ({ debitWallet, byId }) =>
    async (request) => {
      const outcome = debitWallet('transfer', request);
      if (outcome.status === 'done') byId(request.toMemberId).balance += BigInt(request.amount);
      return outcome;
    },
  sample: ({ amount }) => debit(amount),
});

/** Airtime for a phone: the price leaves the wallet, the airtime is sent from the outbox. */
const buyAirtime = walletDebit('airtime', (money, request) => money.buyAirtime(request));

/** Money moved from a session: deposits, withdrawals, transfers, airtime. */
export const moneyEffects = { requestDeposit, withdraw, findRecipient, transfer, buyAirtime };
