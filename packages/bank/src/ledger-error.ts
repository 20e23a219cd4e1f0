export type LedgerErrorCode =
  | 'unbalanced-entry'
  | 'insufficient-funds'
  | 'held-funds'
  | 'unknown-account'
  | 'idempotency-conflict';

/** A movement the ledger refuses: it rolls the caller's whole transaction back. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly accountId?: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}
