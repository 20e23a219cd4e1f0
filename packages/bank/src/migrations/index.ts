import type { Migration } from 'kysely/migration';
import * as members from './2026-11-28T06-00-members.js';
import * as ussdSessionReports from './2026-11-28T06-10-ussd-session-reports.js';
import * as ledger from './2026-11-28T07-00-ledger.js';
import * as paymentsAndOutbox from './2026-11-28T07-10-payments-and-outbox.js';
import * as loansAndCalls from './2026-11-28T08-00-loans-and-calls.js';
import * as postingsByDay from './2026-11-28T09-00-postings-by-day.js';
import * as paymentsInDoubt from './2026-12-01T03-00-payments-in-doubt.js';
import * as operations from './2026-12-01T04-00-operations.js';
import * as transferFunction from './2026-12-01T06-00-transfer-function.js';
import * as savingsHoldAndPinReset from './2026-12-01T07-10-savings-hold-and-pin-reset.js';
import * as outflowByHour from './2026-12-01T08-00-outflow-by-hour.js';
import * as outboxRequestIndex from './2026-12-01T08-10-outbox-request-index.js';
import * as transferIndexPlans from './2026-12-01T08-20-transfer-index-plans.js';
import * as suspenseClearances from './2026-12-01T09-00-suspense-clearances.js';

/**
 * Every migration, by name. Listed explicitly (not read from the folder) so that the same
 * set runs from TypeScript sources, from the built JavaScript and inside a bundle.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T06-00-members': members,
  '2026-11-28T06-10-ussd-session-reports': ussdSessionReports,
  '2026-11-28T07-00-ledger': ledger,
  '2026-11-28T07-10-payments-and-outbox': paymentsAndOutbox,
  '2026-11-28T08-00-loans-and-calls': loansAndCalls,
  '2026-11-28T09-00-postings-by-day': postingsByDay,
  '2026-12-01T03-00-payments-in-doubt': paymentsInDoubt,
  '2026-12-01T04-00-operations': operations,
  '2026-12-01T06-00-transfer-function': transferFunction,
  '2026-12-01T07-10-savings-hold-and-pin-reset': savingsHoldAndPinReset,
  '2026-12-01T08-00-outflow-by-hour': outflowByHour,
  '2026-12-01T08-10-outbox-request-index': outboxRequestIndex,
  '2026-12-01T08-20-transfer-index-plans': transferIndexPlans,
  '2026-12-01T09-00-suspense-clearances': suspenseClearances,
};
