import { formatMoney, loanLimit } from '@sacco/bank';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { sampleAnswer } from './effects/registry.js';
import type { ScreenKey } from './messages/catalog.js';
import { isValidName } from './names.js';
import { SAMPLE_LOAN, STORY_DAY } from './sample-values.js';
import { renderSessionScreen } from './session.app.js';
import type { SessionContext } from './session.setup.js';
import { MINI_STATEMENT_LINES } from './statement-lines.js';
import {
  STUDIO_LOAN_POLICY,
  STUDIO_SETTINGS,
  sampleContext,
  studioSessionMachine,
  worstContext,
} from './studio-samples.js';
import { LONGEST_NAME } from './studio-worst.js';

/** The screen `id` shows in English, with the story's values, or at worst. */
function screen(id: string, worst = false): string {
  const node = studioSessionMachine.getStateNodeById(id) as AnyStateNode;
  const context = (worst ? worstContext : sampleContext)(node, 'en');
  return renderSessionScreen(node.meta?.screen as ScreenKey, context, STUDIO_SETTINGS);
}

const DAY_MS = 86_400_000;
/** The institution's day (its midnight, as a UTC instant) of an instant: dates on screens are its dates. */
const localDay = (instant: number) => {
  const offset = STUDIO_SETTINGS.limits.utcOffsetMinutes * 60_000;
  return Math.floor((instant + offset) / DAY_MS) * DAY_MS;
};
const STORY_LOCAL_DAY = localDay(STORY_DAY);

/** The date after `label` on a screen ("by 04/01/2027"), as its day; a `dd/mm` date (a statement line) is in the story's year. */
function dateAfter(text: string, label: string): number {
  const match = new RegExp(`${label === '' ? '^' : `${label} `}(\\d\\d)/(\\d\\d)(?:/(\\d{4}))?`).exec(text);
  if (match === null) throw new Error(`no "${label}" date in:\n${text}`);
  const [, dd, mm, yyyy] = match;
  const year = yyyy === undefined ? new Date(STORY_LOCAL_DAY).getUTCFullYear() : Number(yyyy);
  return Date.UTC(year, Number(mm) - 1, Number(dd));
}
const daysBetween = (from: number, to: number) => Math.round((to - from) / DAY_MS);

/** Every amount on a screen after `label`, in minor units: "Owed: KES 325.00" -> 32500n. */
function amountAfter(text: string, label: string): bigint {
  const match = new RegExp(`${label}:? (?:KES )?([+-]?[\\d,]+\\.\\d\\d)`).exec(text);
  if (match?.[1] === undefined) throw new Error(`no "${label}" amount in:\n${text}`);
  return BigInt(match[1].replace(/[,.]/g, ''));
}

describe('the studio samples tell one story per chart', () => {
  it('owe the same on every loan screen: principal + fee - paid, less what is repaid', () => {
    const status = screen('session.loans.status.show');
    const owed = amountAfter(status, 'Principal') + amountAfter(status, 'Fee') - amountAfter(status, 'Paid');
    expect(amountAfter(status, 'Owed')).toBe(owed);
    for (const id of ['repay.chooseSource', 'repay.askWalletAmount', 'repay.askMpesaAmount']) {
      expect(amountAfter(screen(`session.loans.${id}`), 'You owe'), id).toBe(owed);
    }
    const paying = amountAfter(screen('session.loans.repay.confirmWallet'), 'Pay');
    expect(paying).toBeLessThan(owed);
    const repaid = screen('session.loans.repay.repaid');
    expect(amountAfter(repaid, 'Paid')).toBe(paying);
    expect(amountAfter(repaid, 'Still owed')).toBe(owed - paying);
    // The loan applied for is the loan owed.
    const summary = screen('session.loans.apply.summary');
    expect(amountAfter(summary, 'Borrow')).toBe(amountAfter(status, 'Principal'));
    expect(amountAfter(summary, 'Fee')).toBe(amountAfter(status, 'Fee'));
  });

  it('date everything from one story day: a loan quoted today is due its term from today, the loan owed its term from its pay-out', () => {
    const summary = screen('session.loans.apply.summary');
    const term = Number(/for (\d+) days/.exec(summary)?.[1]);
    expect(daysBetween(STORY_LOCAL_DAY, dateAfter(summary, 'by'))).toBe(term);
    // Paid out: the same loan, due the same day.
    expect(dateAfter(screen('session.loans.apply.done'), 'by')).toBe(dateAfter(summary, 'by'));

    // The loan owed was paid out on the statement's loan line, for the sample term, and is not overdue yet.
    const status = screen('session.loans.status.show');
    const statement = screen('session.account.statement.show');
    const loanLine = dateAfter(statement.split('\n').find((line) => / Loan \+/.test(line)) ?? '', '');
    expect(loanLine).toBeLessThanOrEqual(STORY_LOCAL_DAY);
    expect(daysBetween(loanLine, dateAfter(status, 'Due:'))).toBe(SAMPLE_LOAN.termDays);
    expect(dateAfter(status, 'Due:')).toBeGreaterThan(STORY_LOCAL_DAY);
    expect(status).not.toContain('OVERDUE');
    // Every statement line is on or before the story's day, newest first.
    const days = statement
      .split('\n')
      .filter((line) => /^\d\d\/\d\d /.test(line))
      .map((line) => dateAfter(line, ''));
    expect(days.length).toBeGreaterThan(1);
    expect([...days].sort((a, b) => b - a)).toEqual(days);

    // The worst cases tell the same day: an overdue loan fell due before it, a quote is due its term after it.
    const worstStatus = screen('session.loans.status.show', true);
    expect(worstStatus).toContain('OVERDUE');
    expect(dateAfter(worstStatus, 'Due:')).toBeLessThan(STORY_LOCAL_DAY);
    const worstSummary = screen('session.loans.apply.summary', true);
    const worstTerm = Number(/for (\d+) days/.exec(worstSummary)?.[1]);
    expect(daysBetween(STORY_LOCAL_DAY, dateAfter(worstSummary, 'by'))).toBe(worstTerm);
    for (const line of screen('session.account.statement.show', true)
      .split('\n')
      .filter((l) => /^\d\d\/\d\d /.test(l))) {
      expect(dateAfter(line, '')).toBeLessThanOrEqual(STORY_LOCAL_DAY);
    }
  });

  it("quote in the model-based tests' answers from the same day, for the term asked", () => {
    const world = { caller: 'borrower' as const, context: {} as SessionContext };
    for (const termDays of [30, 90]) {
      const answer = sampleAnswer('loanTerms', { amount: '50000', termDays }, world);
      const due = (answer as { output: { due: string } }).output.due;
      expect(daysBetween(STORY_LOCAL_DAY, localDay(Date.parse(due)))).toBe(termDays);
    }
    const owed = sampleAnswer('loanStatus', { memberId: 'member-1' }, { ...world, caller: 'debtor' });
    const { due, overdue } = (owed as { output: { due: string; overdue: boolean } }).output;
    expect(overdue).toBe(false);
    expect(daysBetween(STORY_LOCAL_DAY, localDay(Date.parse(due)))).toBe(
      SAMPLE_LOAN.termDays - SAMPLE_LOAN.takenDaysAgo,
    );
  });

  it('tell a member with nothing saved what the bank would: a whole amount that reaches the smallest loan', () => {
    const text = screen('session.loans.apply.noSavings');
    const save = amountAfter(text, 'Save');
    const borrow = amountAfter(text, 'to borrow');
    expect(borrow).toBe(STUDIO_SETTINGS.loanMin);
    // The bank rounds what to save up to whole units (KES 34.00, not KES 33.34), and it is enough.
    expect(save % 100n).toBe(0n);
    expect(loanLimit(STUDIO_LOAN_POLICY, save)).toBeGreaterThanOrEqual(borrow);
    expect(loanLimit(STUDIO_LOAN_POLICY, save - 100n)).toBeLessThan(borrow);
  });

  it('keep one balance: the statement adds up to it, and each new balance is it less the amount', () => {
    const balance = amountAfter(screen('session.account.balance.show'), 'Your balance is');
    const lines = screen('session.account.statement.show').split('\n').slice(1, -1);
    expect(lines).toHaveLength(MINI_STATEMENT_LINES);
    expect(lines.reduce((sum, line) => sum + amountAfter(line, '\\d\\d/\\d\\d [A-Za-z ]+'), 0n)).toBe(balance);
    const journeys = [
      ['withdraw.confirm', 'withdraw.done', 'Withdraw'],
      ['sendMoney.confirm', 'sendMoney.done', 'Send'],
      ['airtime.confirm', 'airtime.done', 'Buy'],
    ] as const;
    for (const [confirm, done, verb] of journeys) {
      const amount = amountAfter(screen(`session.${confirm}`), verb);
      expect(amountAfter(screen(`session.${done}`), 'New balance'), done).toBe(balance - amount);
    }
    const held = screen('session.account.balance.showHeld');
    expect(amountAfter(held, 'Available')).toBe(balance - amountAfter(held, 'Held for your loan'));
  });
});

describe('the worst case', () => {
  it('names the member with the longest name registration allows', () => {
    expect(isValidName(LONGEST_NAME)).toBe(true);
    expect(isValidName(`${LONGEST_NAME}o`)).toBe(false);
    expect(screen('session.mainMenu', true)).toContain(LONGEST_NAME.slice(0, 19));
  });

  it('shows a full statement and the largest amounts the limits allow', () => {
    const lines = screen('session.account.statement.show', true).split('\n').slice(1, -1);
    expect(lines).toHaveLength(MINI_STATEMENT_LINES);
    const { limits, currency } = STUDIO_SETTINGS;
    expect(screen('session.deposit.confirm', true)).toContain(formatMoney(limits.deposit.max, currency));
    expect(screen('session.withdraw.confirm', true)).toContain(formatMoney(limits.withdrawal.max, currency));
  });
});
