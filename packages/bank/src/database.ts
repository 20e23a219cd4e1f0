import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. `int8` columns arrive as bigint. */
export interface Database {
  members: MemberTable;
  pin_credentials: PinCredentialTable;
  accounts: AccountTable;
  ussd_session_reports: UssdSessionReportTable;
  journal_entries: JournalEntryTable;
  postings: PostingTable;
  wallet_outflow_by_hour: WalletOutflowByHourTable;
  payments: PaymentTable;
  outbox: OutboxTable;
  outbox_archive: OutboxArchiveTable;
  scheduled_runs: ScheduledRunTable;
  loans: LoanTable;
  call_requests: CallRequestTable;
  call_records: CallRecordTable;
  payment_attempts: PaymentAttemptTable;
  provider_results: ProviderResultTable;
  payment_resolutions: PaymentResolutionTable;
  suspense_clearances: SuspenseClearanceTable;
  member_audit: MemberAuditTable;
}

export type Language = 'en' | 'sw';

export interface MemberTable {
  id: Generated<string>;
  phone: string;
  full_name: string;
  city: string;
  language: Language;
  failed_pin_attempts: Generated<number>;
  locked_until: Date | null;
  created_at: Generated<Date>;
}

export interface PinCredentialTable {
  member_id: string;
  pin_hash: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** Set on a one-time PIN from an operator's reset: it stops working then. */
  expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The PIN must be changed on the next dial (a one-time PIN). */
  must_change: ColumnType<boolean, boolean | undefined, boolean>;
}

export type AccountKind = 'wallet' | 'system';
export type NormalSide = 'debit' | 'credit';

export interface AccountTable {
  id: Generated<string>;
  kind: AccountKind;
  /** Set on system accounts only, e.g. `payouts_in_flight`. */
  code: string | null;
  normal_side: ColumnType<NormalSide, NormalSide | undefined, NormalSide>;
  member_id: string | null;
  currency: string;
  /** On the account's normal side, in minor units. */
  balance: ColumnType<bigint, bigint | undefined, bigint>;
  /** Wallets only: the part of the balance held while a loan is open (minor units). */
  held: ColumnType<bigint, bigint | undefined, bigint>;
  created_at: Generated<Date>;
}

export interface JournalEntryTable {
  id: Generated<string>;
  idempotency_key: string;
  kind: string;
  memo: Generated<string>;
  created_at: Generated<Date>;
}

export interface PostingTable {
  id: Generated<bigint>;
  entry_id: string;
  account_id: string;
  /** Debit positive, credit negative, minor units. */
  amount: bigint;
  /** The entry's kind and time, copied so a wallet's day is one index range. */
  entry_kind: string;
  posted_at: Generated<Date>;
}

/**
 * What each account sent out per UTC hour (`posting_outflow` of its postings), kept by a trigger
 * on postings so the daily limit reads a few rows instead of a day of postings.
 */
export interface WalletOutflowByHourTable {
  account_id: string;
  hour: Date;
  amount: bigint;
}

export type PaymentKind = 'deposit' | 'payout' | 'airtime' | 'loan_repayment';
export type PaymentStatus = 'pending' | 'in_doubt' | 'succeeded' | 'failed' | 'reversed';

export interface PaymentTable {
  id: Generated<string>;
  kind: PaymentKind;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  member_id: string;
  phone: string;
  amount: bigint;
  currency: string;
  idempotency_key: string;
  provider_request_id: string | null;
  provider_receipt: string | null;
  failure_reason: string | null;
  /** Set on loan repayments by mobile money. */
  loan_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** When the resolver next asks the provider about a payment still open. */
  next_check_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  checks: Generated<number>;
  doubt_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The provider cannot tell us more: an operator must decide (`pnpm ops payments:resolve`). */
  needs_operator: Generated<boolean>;
}

export type AttemptKind = 'request' | 'status_query';
export type AttemptState =
  | 'sending'
  | 'accepted'
  | 'in_doubt'
  | 'not_sent'
  | 'refused'
  | 'succeeded'
  | 'failed'
  | 'absent';

/** One request we sent a provider for a payment: a prompt, a payout, an airtime send or a status query. */
export interface PaymentAttemptTable {
  id: Generated<string>;
  payment_id: string;
  kind: AttemptKind;
  seq: number;
  /** What we sent as our own reference (OriginatorConversationID, query id, idempotency key). */
  reference: string;
  provider_request_id: string | null;
  state: ColumnType<AttemptState, AttemptState | undefined, AttemptState>;
  detail: string | null;
  sent_at: Generated<Date>;
  answered_at: Date | null;
}

export type ResultSource = 'callback' | 'query' | 'operator';

/** Every result a provider gave us (or an operator entered), with what we did with it. */
export interface ProviderResultTable {
  id: Generated<bigint>;
  received_at: Generated<Date>;
  source: ResultSource;
  operation: string;
  provider_request_id: string | null;
  payment_id: string | null;
  attempt_id: string | null;
  succeeded: boolean | null;
  amount: bigint | null;
  phone: string | null;
  receipt: string | null;
  outcome: string;
  detail: Generated<string>;
  result: ColumnType<unknown, string, string>;
}

export interface PaymentResolutionTable {
  id: Generated<bigint>;
  payment_id: string;
  actor: string;
  reason: string;
  from_status: string;
  to_status: string;
  receipt: string | null;
  resolved_at: Generated<Date>;
}

/**
 * Where an operator cleared a suspense entry's money: the member's wallet, a loss, or back where
 * it came from (the provider's contradiction was wrong: the entry is reversed).
 */
export type SuspenseClearedTo = 'member' | 'write-off' | 'reverse';

export interface SuspenseClearanceTable {
  entry_id: string;
  payment_id: string;
  clearing_entry_id: string;
  cleared_to: SuspenseClearedTo;
  actor: string;
  reason: string;
  cleared_at: Generated<Date>;
}

export interface LoanTable {
  id: Generated<string>;
  member_id: string;
  currency: string;
  principal: bigint;
  fee: bigint;
  late_fee: ColumnType<bigint, bigint | undefined, bigint>;
  paid: ColumnType<bigint, bigint | undefined, bigint>;
  term_days: number;
  status: ColumnType<'open' | 'repaid', 'open' | 'repaid' | undefined, 'open' | 'repaid'>;
  idempotency_key: string;
  disbursed_at: ColumnType<Date, Date | undefined, Date>;
  due_at: Date;
  overdue_since: Date | null;
  /** `YYYY-MM-DD` of the last reminder sent. */
  last_reminder_on: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: Date | null;
}

export interface CallRequestTable {
  id: Generated<string>;
  member_id: string;
  phone: string;
  idempotency_key: string;
  provider_session_id: string | null;
  requested_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CallRecordTable {
  session_id: string;
  direction: string | null;
  caller_number: string | null;
  destination_number: string | null;
  duration_seconds: number | null;
  currency: string | null;
  amount_minor: bigint | null;
  call_state: string | null;
  hangup_cause: string | null;
  dial_destination: string | null;
  dial_duration_seconds: number | null;
  recording_url: string | null;
  status: string | null;
  choice: string | null;
  received_at: Generated<Date>;
}

export type OutboxStatus = 'pending' | 'sending' | 'done' | 'failed';

export interface OutboxTable {
  id: Generated<bigint>;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  idempotency_key: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  done_at: Date | null;
  /** The request (a hop, a callback) whose transaction wrote this row. */
  request_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OutboxArchiveTable {
  id: bigint;
  kind: string;
  payload: unknown;
  idempotency_key: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  done_at: Date | null;
  request_id: string | null;
  archived_at: Generated<Date>;
}

export interface ScheduledRunTable {
  job: string;
  /** The local day the job ran for. */
  run_on: ColumnType<Date | string, string, string>;
  finished_at: Generated<Date>;
  result: ColumnType<unknown, string | undefined, string>;
}

export interface UssdSessionReportTable {
  session_id: string;
  phone: string;
  service_code: string;
  network_code: string | null;
  status: string;
  ended_at: Date | null;
  cost_currency: string | null;
  cost_minor: bigint | null;
  duration_ms: bigint | null;
  hops_count: number | null;
  input_length: number | null;
  last_app_response: string | null;
  error_message: string | null;
  received_at: Generated<Date>;
}

/** Every hand an operator lays on a member: a PIN reset or an unlock, by whom and why. */
export interface MemberAuditTable {
  id: Generated<bigint>;
  member_id: string;
  action: 'pin-reset' | 'unlock';
  actor: string;
  reason: string;
  at: Generated<Date>;
}
