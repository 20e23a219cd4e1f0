export { type ActiveScreen, activeScreen } from './active-screen.js';
export { markText, readTextChange, type TextChange, type TextHasher, type TextMark } from './chained-text.js';
export { isGsm7, nonGsm7Characters, toGsm7 } from './gsm7.js';
export { createMemorySessionBackend } from './memory-session-backend.js';
export { DEFAULT_NAVIGATION, inputToEvent, type NavigationKeys } from './navigation.js';
export { type PagingLabels, paginate } from './paging.js';
export { createRedisSessionBackend } from './redis-session-backend.js';
export { screenLength } from './screen-length.js';
export {
  type ChannelCodec,
  type ChannelHop,
  createSessionEngine,
  type EngineMachine,
  type EngineOptions,
  type EngineResult,
  type Feed,
  type Reading,
  type Rendered,
  type SessionEngine,
} from './session-engine.js';
export {
  type RateLimiter,
  type SessionBackend,
  type SessionKey,
  type SessionLease,
  type SessionRecord,
  type SessionSpace,
  type SessionStore,
  type SharedCache,
  sessionKey,
} from './session-store.js';
export { SettleTimeoutError, settle, WORKING_TAG } from './settle.js';
export { fillTemplate, type ParamSource, type Params, placeholdersOf } from './template.js';
export {
  createTurnRunner,
  createUssdCodec,
  type Hop,
  type TurnOutcome,
  type TurnResult,
  type TurnRunner,
  type TurnRunnerOptions,
  type UssdView,
} from './turn-runner.js';
export type { DialIn, InputKind, ScreenMeta, SystemMessage, UssdApp, UssdEvent } from './ussd-app.js';
export { waitForLease } from './wait-for-lease.js';
