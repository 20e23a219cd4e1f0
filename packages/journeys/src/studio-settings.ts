import type { LimitPolicy } from '@sacco/bank';
import type { SessionSettings } from './session.app.js';

/**
 * The settings the studio draws and checks screens with: the service's defaults (those of
 * @sacco/config), so what the studio shows is what a member of a default deployment reads. The
 * model-based tests compare them with the configuration they run, so the two cannot drift apart.
 */
export const STUDIO_SETTINGS: SessionSettings = {
  navigation: { back: '0', home: '00', more: '98' },
  defaultLanguage: 'en',
  supportPhone: '0800 000 000',
  lockMinutes: 30,
  currency: 'KES',
  countryCode: '254',
  limits: {
    deposit: { min: 1_000n, max: 15_000_000n },
    withdrawal: { min: 5_000n, max: 7_000_000n },
    transfer: { min: 100n, max: 10_000_000n },
    airtime: { min: 500n, max: 1_000_000n },
    dailyOutflow: 30_000_000n,
    utcOffsetMinutes: 180,
  },
  loanMin: 10_000n,
  loanTerms: [30, 90],
};

/**
 * The loan limit's rule as a default deployment applies it (LOAN_MIN, LOAN_MAX and
 * LOAN_SAVINGS_MULTIPLIER): the studio's loan screens compute their figures with the bank's own
 * functions from it.
 */
export const STUDIO_LOAN_POLICY: LimitPolicy = {
  min: STUDIO_SETTINGS.loanMin,
  cap: 5_000_000n,
  savingsMultiplier: 3,
};
