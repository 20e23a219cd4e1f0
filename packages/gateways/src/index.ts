export {
  type AfricasTalkingAirtimeOptions,
  createAfricasTalkingAirtime,
} from './africastalking/africastalking-airtime.js';
export { type AfricasTalkingSmsOptions, createAfricasTalkingSms } from './africastalking/africastalking-sms.js';
export { type AfricasTalkingVoiceOptions, createAfricasTalkingVoice } from './africastalking/africastalking-voice.js';
export { parseAirtimeStatus } from './africastalking/airtime-status.js';
export { type VoiceAction, voiceResponse } from './africastalking/voice-response.js';
export {
  parseB2cResult,
  parseB2cTimeout,
  parseStkCallback,
  parseTransactionStatusResult,
  parseTransactionStatusTimeout,
  type TransactionStatusResult,
} from './daraja/daraja-callbacks.js';
export { createDarajaMobileMoney, type DarajaMobileMoneyOptions } from './daraja/daraja-mobile-money.js';
export { fakeDarajaDefaults } from './fake-daraja/fake-daraja-defaults.js';
export type { FailureCode } from './fake-daraja/fake-daraja-payloads.js';
export type { FakePaymentEvent, FakePendingPayment } from './fake-daraja/fake-daraja-payments.js';
export {
  createFakeDaraja,
  type FakeDaraja,
  type FakeDarajaEvent,
  type FakeDarajaOptions,
  type FakeDarajaRequest,
} from './fake-daraja/fake-daraja-server.js';
export type { CallbackDeliveryEvent, CallbackDeliveryRecord, CallbackSubject } from './fakes/callback-delivery.js';
export {
  createFakeAirtime,
  type FakeAirtime,
  type FakeAirtimeEvent,
  type FakeAirtimeOptions,
  type FakeAirtimeOutcome,
  type FakeSentAirtime,
} from './fakes/fake-airtime.js';
export type { FakeFailureKind } from './fakes/fake-failures.js';
export type { FakeMode } from './fakes/fake-mode.js';
export { createFakeSms, type FakeSentSms, type FakeSms } from './fakes/fake-sms.js';
export { createFakeVoice, type FakeVoice, type FakeVoiceCall } from './fakes/fake-voice.js';
export { MalformedCallbackError } from './malformed-callback.error.js';
export { chargeToMinor } from './minor-units.js';
export {
  type AirtimePort,
  type AirtimeRequest,
  type AirtimeStatus,
  type DepositQueryAnswer,
  type DepositRequest,
  type MobileMoneyPort,
  type MobileMoneyResult,
  OutcomeUnknownError,
  type PayoutRequest,
  PermanentGatewayError,
  RequestNotSentError,
  type SmsMessage,
  type SmsPort,
  type VoiceCallRequest,
  type VoicePort,
} from './ports.js';
