import { isLocked, type Language } from '@sacco/bank';
import { SAMPLE } from '../sample-values.js';
import type { DialInLookup, NewPin, PinVerification, RegisterResult, StatementItem } from './answers.js';
import { effect } from './effect.js';
import { isRegistered, LOAN, MAX_PIN_ATTEMPTS, SAMPLE_MEMBER, sampleDigest } from './sample-world.js';

/** Who is calling: a member, a locked one, or a number nobody registered. */
const lookUpCaller = effect<{ phone: string }, DialInLookup>({
  bank:
    ({ members, now, summary }) =>
    async ({ phone }) => {
      const member = await members.findByPhone(phone);
      if (member === undefined) return { status: 'unknown' };
      if (isLocked(member, now())) {
        const ms = (member.lockedUntil as Date).getTime() - now().getTime();
        return { status: 'locked', lockedMinutes: Math.max(1, Math.ceil(ms / 60_000)) };
      }
      const reset = await members.pinResetState(member.id);
      if (reset === 'expired') return { status: 'reset-expired' };
      if (reset === 'waiting') return { status: 'reset', member: summary(member) };
      return { status: 'member', member: summary(member) };
    },
  memory:
    ({ members }) =>
    async ({ phone }) => {
      const member = members.get(phone);
      if (member === undefined) return { status: 'unknown' };
      if (member.locked) return { status: 'locked', lockedMinutes: 30 };
      const summary = { id: member.id, name: member.name, language: member.language };
      if (member.mustChangePin === true && member.resetExpired === true) return { status: 'reset-expired' };
      return member.mustChangePin === true
        ? { status: 'reset', member: summary }
        : { status: 'member', member: summary };
    },
  sample: (_, { caller }) => {
    if (caller === 'locked') return { output: { status: 'locked', lockedMinutes: 30 } };
    if (caller === 'reset') return { output: { status: 'reset', member: SAMPLE_MEMBER } };
    if (caller === 'resetExpired') return { output: { status: 'reset-expired' } };
    return { output: isRegistered(caller) ? { status: 'member', member: SAMPLE_MEMBER } : { status: 'unknown' } };
  },
});

/** A keyed digest of a PIN, so a confirmation can be compared without keeping the PIN. */
const digestPin = effect<{ sessionId: string; pin: string }, string>({
  bank:
    ({ pinHasher }) =>
    async ({ sessionId, pin }) =>
      pinHasher.digest(pin, sessionId),
  memory:
    ({ digest }) =>
    async ({ sessionId, pin }) =>
      digest(sessionId, pin),
  sample: ({ pin }) => ({ output: sampleDigest(pin) }),
});

/** Member, wallet and PIN credential in one go, once the confirmed PIN matches the digest. */
const register = effect<NewPin & { phone: string; fullName: string; city: string; language: Language }, RegisterResult>(
  {
    bank:
      ({ members, pinHasher, summary }) =>
      async (request) => {
        if (!pinHasher.matchesDigest(request.pin, request.sessionId, request.pinDigest)) {
          return { status: 'pin-mismatch' };
        }
        const result = await members.register(request);
        if (result.status === 'already-registered') return result;
        return { status: 'registered', member: summary(result.member) };
      },
    memory:
      ({ members, digest }) =>
      async (request) => {
        if (digest(request.sessionId, request.pin) !== request.pinDigest) return { status: 'pin-mismatch' };
        if (members.has(request.phone)) return { status: 'already-registered' };
        const member = {
          id: `member-${members.size + 1}`,
          name: request.fullName,
          language: request.language,
          phone: request.phone,
          pin: request.pin,
          failures: 0,
          locked: false,
          balance: 0n,
        };
        members.set(request.phone, member);
        return { status: 'registered', member: { id: member.id, name: member.name, language: member.language } };
      },
    sample: (input, { caller }) => {
      if (sampleDigest(input.pin) !== input.pinDigest) return { output: { status: 'pin-mismatch' } };
      if (caller === 'raced') return { output: { status: 'already-registered' } };
      return {
        output: { status: 'registered', member: { id: 'member-1', name: input.fullName, language: input.language } },
      };
    },
  },
);

/**
 * Checks a member's PIN; the bank counts wrong ones in a row and locks at the limit. A one-time
 * PIN from an operator's reset opens nothing but the reset journey (`oneTime`): anywhere else a
 * right one answers `must-change`, and the member is taken to choose a PIN of their own.
 */
const verifyPin = effect<{ memberId: string; pin: string; oneTime?: boolean }, PinVerification>({
  bank:
    ({ members }) =>
    async ({ memberId, pin, oneTime }) => {
      const check = await members.verifyPin(memberId, pin);
      if (check.status === 'locked') return { status: 'locked' };
      if (check.status === 'ok')
        return check.mustChange && oneTime !== true ? { status: 'must-change' } : { status: 'ok' };
      return check;
    },
  memory:
    ({ byId, maxAttempts }) =>
    async ({ memberId, pin, oneTime }) => {
      const member = byId(memberId);
      if (member.pin === pin) {
        member.failures = 0;
        return member.mustChangePin === true && oneTime !== true ? { status: 'must-change' } : { status: 'ok' };
      }
      member.failures += 1;
      if (member.failures >= maxAttempts) {
        member.locked = true;
        return { status: 'locked' };
      }
      return { status: 'wrong', attemptsLeft: maxAttempts - member.failures };
    },
  sample: ({ pin }, { context }) => {
    if (pin === SAMPLE.pin) return { output: { status: 'ok' } };
    // The bank counts wrong PINs in a row on the member row; the context carries the count.
    const left = (context.attemptsLeft ?? MAX_PIN_ATTEMPTS) - 1;
    return { output: left <= 0 ? { status: 'locked' } : { status: 'wrong', attemptsLeft: left } };
  },
});

/** A new PIN, once its confirmation matches the digest of the first entry. */
const changePin = effect<NewPin & { memberId: string }, 'changed' | 'pin-mismatch'>({
  bank:
    ({ members, pinHasher }) =>
    async (request) => {
      if (!pinHasher.matchesDigest(request.pin, request.sessionId, request.pinDigest)) return 'pin-mismatch';
      await members.changePin(request.memberId, request.pin);
      return 'changed';
    },
  memory:
    ({ byId, digest }) =>
    async (request) => {
      if (digest(request.sessionId, request.pin) !== request.pinDigest) return 'pin-mismatch';
      const member = byId(request.memberId);
      member.pin = request.pin;
      member.mustChangePin = false;
      return 'changed';
    },
  sample: ({ pin, pinDigest }) => ({ output: sampleDigest(pin) === pinDigest ? 'changed' : 'pin-mismatch' }),
});

const setLanguage = effect<{ memberId: string; language: Language }, void>({
  bank:
    ({ members }) =>
    ({ memberId, language }) =>
      members.setLanguage(memberId, language),
  memory:
    ({ byId }) =>
    async ({ memberId, language }) => {
      byId(memberId).language = language;
    },
  sample: () => ({ output: undefined }),
});

/** The wallet balance, and the part held for an open loan, in minor units. */
const walletBalance = effect<{ memberId: string }, { minor: string; currency: string; held: string }>({
  bank:
    ({ members }) =>
    async ({ memberId }) => {
      const wallet = await members.walletBalance(memberId);
      return { minor: wallet.balance.toString(), currency: wallet.currency, held: wallet.held.toString() };
    },
  memory:
    ({ byId }) =>
    async ({ memberId }) => ({ minor: byId(memberId).balance.toString(), currency: 'KES', held: '0' }),
  sample: (_, { caller }) => ({
    output: {
      minor: (caller === 'debtor' ? SAMPLE.balance + LOAN.principal : SAMPLE.balance).toString(),
      currency: 'KES',
      // Half of what a debtor owes is held, as the default LOAN_SAVINGS_HOLD_BPS (5000) holds it.
      held: caller === 'debtor' ? ((LOAN.principal + LOAN.fee + 1n) / 2n).toString() : '0',
    },
  }),
});

/** The last movements of the wallet. */
const statement = effect<{ memberId: string }, readonly StatementItem[]>({
  bank:
    ({ money }) =>
    async ({ memberId }) => {
      const lines = await money.statement(memberId);
      return lines.map((line) => ({ at: line.at.toISOString(), kind: line.kind, amount: line.amount.toString() }));
    },
  memory: () => async () => [],
  sample: () => ({
    output: [{ at: '2026-11-28T09:00:00Z', kind: 'deposit', amount: SAMPLE.balance.toString() }],
  }),
});

/** An outbound call, queued at most once per member in a short window. */
const requestCallBack = effect<{ memberId: string; phone: string }, 'requested' | 'already-requested'>({
  bank:
    ({ calls }) =>
    (request) =>
      calls.requestCallBack(request),
  memory:
    ({ requests }) =>
    async ({ memberId }) => {
      if (requests.some((r) => r.kind === 'call' && r.idempotencyKey === memberId)) return 'already-requested';
      requests.push({ kind: 'call', idempotencyKey: memberId, amount: '0' });
      return 'requested';
    },
  sample: (_, { caller }) => ({ output: caller === 'called' ? 'already-requested' : 'requested' }),
});

/** The member's own effects: who they are, their PIN, language, balance and statement, call-backs. */
export const memberEffects = {
  lookUpCaller,
  digestPin,
  register,
  verifyPin,
  changePin,
  setLanguage,
  walletBalance,
  statement,
  requestCallBack,
};
