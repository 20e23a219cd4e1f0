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
