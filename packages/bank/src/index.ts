export { findWallet, type Wallet } from './account.repository.js';
export { connectEmbedded, connectPostgres, type PostgresOptions } from './connect.js';
export type { Database, Language } from './database.js';
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
export { createPinHasher, type PinHasher, type PinHasherOptions } from './pin-hasher.js';
export { type PinProblem, pinProblem } from './pin-rules.js';
export { saveUssdSessionReport, type UssdSessionReport } from './ussd-session-report.repository.js';
