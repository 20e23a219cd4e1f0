export type { Language } from '@sacco/bank';
export type { DialInLookup, MemberSummary, NewPin, PinVerification, RegisterResult } from './effects/answers.js';
export { type BankSessionServicesOptions, createBankSessionServices } from './effects/bank-services.js';
export type { EffectAnswer } from './effects/effect.js';
export {
  EFFECTS,
  type EffectInput,
  type EffectName,
  type EffectOutput,
  type SessionServices,
} from './effects/registry.js';
export {
  createIvrMachine,
  IVR_MAX_REPEATS,
  type IvrContext,
  type IvrEvent,
  type IvrInput,
  type IvrMachine,
  type IvrMeta,
  ivrMachine,
  ivrMetaOf,
  ivrStateOf,
} from './ivr.machine.js';
export {
  catalogs,
  type ErrorKey,
  LANGUAGES,
  type MessageKey,
  type NoticeKey,
  type ScreenKey,
  translate,
} from './messages/catalog.js';
export { SAMPLE } from './sample-values.js';
export {
  createSessionApp,
  createSessionMachine,
  renderSessionScreen,
  SESSION_MACHINE_VERSION,
  type SessionSettings,
  screenParams,
} from './session.app.js';
export { type SessionMachine, sessionMachine } from './session.machine.js';
export type { SessionContext, SessionInput } from './session.setup.js';
export { smsText } from './sms-text.js';
export { MINI_STATEMENT_LINES } from './statement-lines.js';
export {
  STUDIO_LOAN_POLICY,
  STUDIO_SETTINGS,
  sampleContext,
  sampleInput,
  studioSessionMachine,
  worstContext,
} from './studio-samples.js';
export { answerFor, PHONE_PLACEHOLDER, SESSION_CALLERS, SESSION_INPUTS, sessionWalkKey } from './studio-world.js';
