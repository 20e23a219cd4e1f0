import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface UssdSessionReport {
  readonly sessionId: string;
  readonly phone: string;
  readonly serviceCode: string;
  readonly networkCode: string | null;
  readonly status: string;
  readonly endedAt: Date | null;
  readonly costCurrency: string | null;
  readonly costMinor: bigint | null;
  readonly durationMs: bigint | null;
  readonly hopsCount: number | null;
  readonly inputLength: number | null;
  readonly lastAppResponse: string | null;
  readonly errorMessage: string | null;
}

/** Stores the gateway's end-of-session report once; a repeated delivery changes nothing. */
export async function saveUssdSessionReport(db: Kysely<Database>, report: UssdSessionReport): Promise<boolean> {
  const inserted = await db
    .insertInto('ussd_session_reports')
    .values({
      session_id: report.sessionId,
      phone: report.phone,
      service_code: report.serviceCode,
      network_code: report.networkCode,
      status: report.status,
      ended_at: report.endedAt,
      cost_currency: report.costCurrency,
      cost_minor: report.costMinor,
      duration_ms: report.durationMs,
      hops_count: report.hopsCount,
      input_length: report.inputLength,
      last_app_response: report.lastAppResponse,
      error_message: report.errorMessage,
    })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .returning('session_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
