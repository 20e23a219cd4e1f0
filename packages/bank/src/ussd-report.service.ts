import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { saveUssdSessionReport, type UssdSessionReport } from './ussd-session-report.repository.js';

/** The gateway's end-of-session reports, kept once each. */
export function createUssdReportService(options: { readonly db: Kysely<Database> }) {
  return {
    /** Stores a report once; false when a repeated delivery changed nothing. */
    save: (report: UssdSessionReport): Promise<boolean> => saveUssdSessionReport(options.db, report),
  };
}

export type UssdReportService = ReturnType<typeof createUssdReportService>;
