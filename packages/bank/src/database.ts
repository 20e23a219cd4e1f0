import type { ColumnType, Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. `int8` columns arrive as bigint. */
export interface Database {
  members: MemberTable;
  pin_credentials: PinCredentialTable;
  accounts: AccountTable;
  ussd_session_reports: UssdSessionReportTable;
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
}

export type AccountKind = 'wallet';

export interface AccountTable {
  id: Generated<string>;
  kind: AccountKind;
  member_id: string | null;
  currency: string;
  balance: ColumnType<bigint, bigint | undefined, bigint>;
  created_at: Generated<Date>;
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
