import { formatMoney, loanLimit } from '@sacco/bank';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import type { ScreenKey } from './messages/catalog.js';
import { isValidName } from './names.js';
import { renderSessionScreen } from './session.app.js';
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
