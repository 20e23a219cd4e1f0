// The bank's public surface: services and their factories, domain types and pure helpers. The
// ledger's internals (postings, locks, the outbox, repositories) stay inside, so nothing outside
// moves money except through a service's rules; tests set ledgers up through `@sacco/bank/testing`.
export type { Wallet } from './account.repository.js';
export { type CallRecord, type CallService, createCallService } from './call.service.js';
export { SYSTEM_ACCOUNTS, type SystemAccountCode, WALLET_NORMAL_SIDE } from './chart-of-accounts.js';
export { connectEmbedded, connectPostgres, type PostgresOptions } from './connect.js';
export type { Database, Language, SuspenseClearedTo } from './database.js';
export { type LedgerCheck, ledgerHolds } from './ledger-audit.js';
export { LedgerError, type LedgerErrorCode } from './ledger-error.js';
export { type AmountRange, checkRange, checkWholeUnits, type MoneyLimits, startOfLocalDay } from './limits.js';
export { type Loan, outstandingOf, totalDue } from './loan.repository.js';
export { createLoanService, type LoanOffer, type LoanQuote, type LoanService } from './loan.service.js';
export {
  averageBalance,
  type LimitPolicy,
  type LoanPolicy,
  lateFee,
  loanFee,
  loanLimit,
  multiplierHundredths,
  savingsNeeded,
} from './loan-policy.js';
export { isLocked, type Member } from './member.js';
export {
  createMemberService,
  type MemberService,
  type MemberServiceOptions,
  type PinCheck,
  type PinPolicy,
  type Registration,
  type RegistrationResult,
} from './member.service.js';
export { migrateToLatest } from './migrate.js';
export { formatMoney } from './money.js';
export { createMoneyService, type MoneyService, type MoneyServiceOptions } from './money.service.js';
export { MoneyError, type MoneyErrorCode } from './money-error.js';
export { SMS_OUTBOX_KIND, type SmsNotification, type SmsTemplate } from './notification.js';
export type { PaymentAttention, PaymentInDoubt, SuspenseLine, UnmatchedResult } from './operations.js';
export { createOperationsService, type OperationsService } from './operations.service.js';
export type { ClaimedMessage, OutboxMessage } from './outbox.repository.js';
export {
  OUTBOX_AIRTIME_REQUEST,
  OUTBOX_DEPOSIT_REQUEST,
  OUTBOX_PAYOUT_REQUEST,
  OUTBOX_VOICE_CALL,
} from './outbox-kinds.js';
export { createOutboxWorker, type OutboxHandler, type OutboxWorker, retryDelayMs } from './outbox-worker.js';
export { isOpen, type Payment, PaymentKeyConflictError } from './payment.repository.js';
export { isLive, type PaymentAttempt } from './payment-attempt.repository.js';
export { type CheckAction, type CheckPolicy, checkDelayMs, decideCheck } from './payment-checks.js';
export type { OperatorResolution, PaymentEdge } from './payment-edge.js';
export type { CallbackOutcome, PaymentAlert, PaymentResult } from './payment-results.js';
export {
  createPinHashPool,
  PinHashBusyError,
  type PinHashPermit,
  type PinHashPool,
  type PinHashPoolOptions,
} from './pin-hash-pool.js';
export { createPinHasher, type PinHasher, type PinHasherOptions } from './pin-hasher.js';
export { type PinProblem, pinProblem } from './pin-rules.js';
export type { ResultOutcome } from './provider-result.repository.js';
export {
  type Discrepancy,
  type DiscrepancyKind,
  type LedgerMovement,
  localDate,
  localDayWindow,
  type ProviderSays,
  type ReconciledPayment,
  type ReconciliationReport,
  type SuspenseEntry,
  type UnreconciledResult,
} from './reconciliation.js';
export { currentRequestId, withRequestId } from './request-context.js';
export { MINI_STATEMENT_LINES, type StatementLine } from './statement.repository.js';
export {
  createSuspenseService,
  SuspenseClearError,
  type SuspenseClearErrorCode,
  type SuspenseClearing,
  type SuspenseClearRequest,
  type SuspenseMovement,
  type SuspenseService,
} from './suspense.service.js';
export { createUssdReportService, type UssdReportService } from './ussd-report.service.js';
export type { UssdSessionReport } from './ussd-session-report.repository.js';
