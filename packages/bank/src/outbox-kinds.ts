/** Outbox message kinds that ask a provider for something (SMS is `SMS_OUTBOX_KIND`). */
export const OUTBOX_DEPOSIT_REQUEST = 'mobile-money.deposit';
export const OUTBOX_PAYOUT_REQUEST = 'mobile-money.payout';
export const OUTBOX_AIRTIME_REQUEST = 'airtime.send';
export const OUTBOX_VOICE_CALL = 'voice.call';
