/** The members and numbers the samples and the model-based tests talk about. */
export const SAMPLE = {
  pin: '4826',
  /** A PIN that is well-formed, not trivial, and not the member's. */
  otherPin: '1357',
  memberName: 'Amina Wanjiru',
  recipientName: 'Baraka Otieno',
  /** A registered member to send money to, as typed (local form) and stored (E.164). */
  recipientTyped: '0712345678',
  recipientPhone: '+254712345678',
  amount: '500',
  /** The wallet balance of a sample member, in minor units (KES 1,000). */
  balance: 100_000n,
} as const;

const DAY_MS = 86_400_000;

/**
 * The day every sample is told on (noon in the institution's zone, UTC+3): the statement, the
 * loan owed and the loan quoted today are all dated from it, so that no date contradicts another.
 */
export const STORY_DAY = Date.UTC(2026, 11, 5, 9);

/** The instant `days` after the story's day (before it when negative), as the bank writes it. */
export const storyDate = (days: number) => new Date(STORY_DAY + days * DAY_MS).toISOString();

/** The sample loan owed: taken a week before the story's day, for 30 days. */
export const SAMPLE_LOAN = { takenDaysAgo: 7, termDays: 30 } as const;

/** When the sample loan owed falls due: its term from the day it was taken. */
export const SAMPLE_LOAN_DUE = storyDate(SAMPLE_LOAN.termDays - SAMPLE_LOAN.takenDaysAgo);
