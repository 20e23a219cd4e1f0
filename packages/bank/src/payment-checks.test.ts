import { describe, expect, it } from 'vitest';
import type { Payment } from './payment.repository.js';
import type { PaymentAttempt } from './payment-attempt.repository.js';
import { checkDelayMs, decideCheck } from './payment-checks.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const policy = { promptWindowMs: 120_000, maxPrompts: 3, maxChecks: 12 };
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

function payment(kind: Payment['kind'], checks = 1): Payment {
  return {
    id: 'p1',
    kind,
    status: 'in_doubt',
    memberId: 'm1',
    phone: '+254711000111',
    amount: 25_000n,
    currency: 'KES',
    idempotencyKey: 'k1',
    providerRequestId: null,
    providerReceipt: null,
    failureReason: null,
    loanId: null,
    nextCheckAt: NOW,
    checks,
    doubtReason: null,
    needsOperator: false,
    createdAt: ago(600),
  };
}

let seq = 0;
function attempt(state: PaymentAttempt['state'], fields: Partial<PaymentAttempt> = {}): PaymentAttempt {
  seq += 1;
  return {
    id: `a${seq}`,
    paymentId: 'p1',
    kind: 'request',
    seq,
    reference: `r${seq}`,
    providerRequestId: `ws_CO_${seq}`,
    state,
    detail: null,
    sentAt: ago(300),
    answeredAt: null,
    ...fields,
  };
}

describe('the resolver decides from the attempts alone', () => {
  it('waits while nothing has reached the provider', () => {
    expect(decideCheck(payment('deposit'), [], NOW, policy)).toEqual({ action: 'wait' });
    expect(decideCheck(payment('payout'), [attempt('not_sent')], NOW, policy)).toEqual({ action: 'wait' });
  });

  it('asks Daraja about every prompt whose id it knows', () => {
    const known = attempt('accepted');
    const decision = decideCheck(payment('deposit'), [attempt('failed'), known], NOW, policy);
    expect(decision).toEqual({ action: 'query-deposit', attempts: [known] });
  });

  it('waits out the prompt window for a prompt whose id was lost, then hands it to an operator', () => {
    const fresh = attempt('in_doubt', { providerRequestId: null, sentAt: ago(30) });
    expect(decideCheck(payment('deposit'), [fresh], NOW, policy)).toEqual({
      action: 'wait',
      until: new Date(ago(30).getTime() + 120_000),
    });
    const old = attempt('in_doubt', { providerRequestId: null, sentAt: ago(300) });
    expect(decideCheck(payment('deposit'), [old], NOW, policy).action).toBe('operator');
  });

  it('sends a prompt again only when Daraja says none exists, and at most three in all', () => {
    expect(decideCheck(payment('deposit'), [attempt('absent')], NOW, policy)).toEqual({ action: 'resend-prompt' });
    const three = [attempt('absent'), attempt('absent'), attempt('absent')];
    expect(decideCheck(payment('deposit'), three, NOW, policy).action).toBe('fail');
    expect(decideCheck(payment('loan_repayment'), [attempt('failed', { detail: 'cancelled' })], NOW, policy)).toEqual({
      action: 'fail',
      reason: 'cancelled',
    });
  });

  it('asks Transaction Status about a payout that may have left, even without its ConversationID', () => {
    expect(decideCheck(payment('payout'), [attempt('in_doubt', { providerRequestId: null })], NOW, policy)).toEqual({
      action: 'query-payout',
    });
    expect(decideCheck(payment('payout'), [attempt('absent', { detail: 'not found' })], NOW, policy)).toEqual({
      action: 'fail',
      reason: 'not found',
    });
  });

  it("holds airtime for an operator, since Africa's Talking cannot be asked", () => {
    const sent = attempt('in_doubt', { sentAt: ago(300) });
    expect(decideCheck(payment('airtime'), [sent], NOW, policy).action).toBe('operator');
    const recent = attempt('accepted', { sentAt: ago(10) });
    expect(decideCheck(payment('airtime'), [recent], NOW, policy).action).toBe('wait');
  });

  it('goes to an operator after too many checks', () => {
    expect(decideCheck(payment('payout', 13), [attempt('accepted')], NOW, policy).action).toBe('operator');
  });

  it('backs off between checks, doubling to at most 30 minutes', () => {
    expect([1, 2, 3].map((n) => checkDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000]);
    expect(checkDelayMs(40, 30_000)).toBe(30 * 60_000);
  });
});
