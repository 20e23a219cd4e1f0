export type MoneyErrorCode =
  | 'insufficient-funds'
  /** The wallet has the money, but part of it is held for an open loan. */
  | 'held-for-loan'
  | 'below-minimum'
  | 'above-maximum'
  | 'not-whole-units'
  | 'daily-limit'
  | 'unknown-member'
  | 'self-transfer'
  | 'member-locked'
  | 'open-loan'
  | 'not-eligible'
  | 'no-open-loan'
  | 'above-outstanding';

/** Why money could not move. Nothing moved when this is thrown: the transaction rolled back. */
export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}
