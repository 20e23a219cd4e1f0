import type { Config } from '@sacco/config';
import {
  createAfricasTalkingAirtime,
  createAfricasTalkingSms,
  createAfricasTalkingVoice,
  createDarajaMobileMoney,
  createFakeAirtime,
  createFakeDaraja,
  createFakeSms,
  createFakeVoice,
  type FakeAirtime,
  type FakeDaraja,
  type FakeSms,
  type FakeVoice,
  fakeDarajaDefaults,
} from '@sacco/gateways';
import type { Logger } from 'pino';
import type { EffectPorts } from './effects/effect-handlers.js';
import { CALLBACK_PATHS } from './routes/payment-callbacks.route.js';

export type ProviderMode = 'real' | 'fake';

/** Which providers are real and which faked, as /readyz, the boot log and the banner say it. */
export interface ProviderModes {
  readonly mobileMoney: ProviderMode;
  readonly africasTalking: ProviderMode;
}

export function providerModes(config: Pick<Config, 'realMobileMoney' | 'realAfricasTalking'>): ProviderModes {
  return {
    mobileMoney: config.realMobileMoney ? 'real' : 'fake',
    africasTalking: config.realAfricasTalking ? 'real' : 'fake',
  };
}

/** The fake providers of the embedded default and the tests, for inspection and operator decisions. */
export interface FakeProviders {
  readonly daraja: FakeDaraja | undefined;
  readonly sms: FakeSms | undefined;
  readonly airtime: FakeAirtime | undefined;
  readonly voice: FakeVoice | undefined;
}

export interface Providers {
  readonly ports: EffectPorts;
  readonly fakes: FakeProviders;
  close(): Promise<void>;
}

/**
 * The outside world: the real Daraja and Africa's Talking, or, where config chose them
 * (FAKE_PROVIDERS, or the embedded default), fakes that behave like them. The fake Daraja is a real HTTP server in this
 * process, driven by the real Daraja adapter, and both fakes post their callbacks to this
 * service's own routes at `baseUrl`, exactly as the providers would.
 */
export async function openProviders(config: Readonly<Config>, baseUrl: string, logger: Logger): Promise<Providers> {
  const token = config.WEBHOOK_TOKEN === undefined ? '' : `?token=${encodeURIComponent(config.WEBHOOK_TOKEN)}`;
  const callback = (path: string) => `${baseUrl}${path}${token}`;
  const callbacks = {
    stkCallbackUrl: callback(CALLBACK_PATHS.stkResult),
    b2cResultUrl: callback(CALLBACK_PATHS.b2cResult),
    b2cTimeoutUrl: callback(CALLBACK_PATHS.b2cTimeout),
    statusResultUrl: callback(CALLBACK_PATHS.statusResult),
    statusTimeoutUrl: callback(CALLBACK_PATHS.statusTimeout),
  };

  let fakeDaraja: FakeDaraja | undefined;
  let mobileMoney: EffectPorts['mobileMoney'];
  if (config.realMobileMoney) {
    mobileMoney = createDarajaMobileMoney({
      baseUrl: config.DARAJA_BASE_URL,
      consumerKey: config.DARAJA_CONSUMER_KEY as string,
      consumerSecret: config.DARAJA_CONSUMER_SECRET as string,
      shortCode: config.DARAJA_SHORTCODE as string,
      passkey: config.DARAJA_PASSKEY as string,
      initiatorName: config.DARAJA_INITIATOR_NAME as string,
      securityCredential: config.DARAJA_SECURITY_CREDENTIAL as string,
      requestTimeoutMs: config.DARAJA_TIMEOUT_MS,
      ...callbacks,
    });
  } else {
    fakeDaraja = createFakeDaraja({
      mode: config.FAKE_PAYMENTS,
      delayMs: config.FAKE_PAYMENTS_DELAY_MS,
      replyDelayMs: config.FAKE_DARAJA_REPLY_DELAY_MS,
      dropReplies: config.FAKE_DARAJA_DROP_REPLIES,
      onEvent: (event) => logger.debug({ fakeDaraja: event }, 'fake mobile-money provider'),
    });
    const fakeUrl = await fakeDaraja.listen(0, '127.0.0.1');
    mobileMoney = createDarajaMobileMoney({
      baseUrl: fakeUrl,
      ...fakeDarajaDefaults,
      requestTimeoutMs: config.DARAJA_TIMEOUT_MS,
      ...callbacks,
    });
  }

  let fakeSms: FakeSms | undefined;
  let fakeAirtime: FakeAirtime | undefined;
  let fakeVoice: FakeVoice | undefined;
  let sms: EffectPorts['sms'];
  let airtime: EffectPorts['airtime'];
  let voice: EffectPorts['voice'];
  if (config.realAfricasTalking) {
    const credentials = { username: config.AT_USERNAME as string, apiKey: config.AT_API_KEY as string };
    sms = createAfricasTalkingSms({ ...credentials, ...(config.AT_SMS_FROM ? { from: config.AT_SMS_FROM } : {}) });
    airtime = createAfricasTalkingAirtime(credentials);
    voice = createAfricasTalkingVoice({ ...credentials, callerNumber: config.AT_VOICE_NUMBER as string });
  } else {
    fakeVoice = createFakeVoice();
    voice = fakeVoice;
    fakeSms = createFakeSms();
    fakeAirtime = createFakeAirtime({
      mode: config.FAKE_PAYMENTS,
      delayMs: config.FAKE_PAYMENTS_DELAY_MS,
      statusCallbackUrl: callback(CALLBACK_PATHS.airtimeStatus),
    });
    sms = fakeSms;
    airtime = fakeAirtime;
  }

  return {
    ports: { sms, airtime, mobileMoney, voice },
    fakes: { daraja: fakeDaraja, sms: fakeSms, airtime: fakeAirtime, voice: fakeVoice },
    async close() {
      fakeAirtime?.close();
      await fakeDaraja?.close();
    },
  };
}
