import { formatMoney, type Language, MINI_STATEMENT_LINES } from '@sacco/bank';
import type { StatementItem } from './effects/answers.js';
import { type MessageKey, translate } from './messages/catalog.js';

// How many movements a mini-statement shows: the bank's `money.statement(memberId)` default,
// and the statement effect asks for no other number.
export { MINI_STATEMENT_LINES };

/** Every kind of movement a statement line names. */
export const STATEMENT_KINDS = [
  'deposit',
  'transfer',
  'payout.hold',
  'airtime.hold',
  'payout.reverse',
  'airtime.reverse',
  'loan.disburse',
  'loan.repay',
  'loan.recovery',
  'suspense.clear',
] as const;

function labelOf(item: StatementItem): MessageKey {
  const incoming = !item.amount.startsWith('-');
  switch (item.kind) {
    case 'deposit':
      return 'statement.deposit';
    case 'transfer':
      return incoming ? 'statement.received' : 'statement.sent';
    case 'payout.hold':
      return 'statement.withdrawal';
    case 'airtime.hold':
      return 'statement.airtime';
    case 'payout.reverse':
    case 'airtime.reverse':
      return 'statement.refund';
    case 'loan.disburse':
      return 'statement.loan';
    case 'loan.repay':
      return 'statement.loanRepay';
    case 'loan.recovery':
      return 'statement.loanRecovery';
    // An operator's correction after a provider contradicted itself (`pnpm ops suspense:clear`).
    case 'suspense.clear':
      return 'statement.correction';
    default:
      return 'statement.other';
  }
}

/**
 * The mini-statement as screen lines, `28/11 Deposit +500.00`: the date in the institution's
 * time zone, a label in the member's language, and the signed amount without the currency
 * (the screen is short; the balance screen shows the currency).
 */
export function statementLines(items: readonly StatementItem[], language: Language, utcOffsetMinutes: number): string {
  if (items.length === 0) return translate(language, 'statement.empty');
  return items
    .map((item) => {
      const local = new Date(new Date(item.at).getTime() + utcOffsetMinutes * 60_000);
      const date = `${String(local.getUTCDate()).padStart(2, '0')}/${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
      const amount = BigInt(item.amount);
      const figures = formatMoney(amount < 0n ? -amount : amount, '').trimStart();
      return `${date} ${translate(language, labelOf(item))} ${amount < 0n ? '-' : '+'}${figures}`;
    })
    .join('\n');
}
