import { describe, expect, it } from 'vitest';
import { type IvrSettings, ivrActions } from './ivr-channel.js';

const settings: IvrSettings = {
  IVR_DIGITS_TIMEOUT_SECONDS: 10,
  IVR_SALES_DESTINATION: '+254711082001',
  IVR_SUPPORT_DESTINATION: 'support@ke.sip.africastalking.com',
  IVR_RINGBACK_URL: undefined,
  SACCO_NAME: undefined,
};
const context = (language: 'en' | 'sw') => ({
  sessionId: 'ATVId_1',
  callerNumber: '+254733300001',
  language,
  misses: 0,
  missed: false,
  callBack: true,
});
const greeting = (actions: ReturnType<typeof ivrActions>) =>
  (actions[0] as { getDigits: { say: string } }).getDigits.say.split('. ')[0];

describe('the call-back greeting', () => {
  const menu = { prompt: 'ivr.menu', action: 'digit' } as const;

  it('names the SACCO when SACCO_NAME is set', () => {
    const named = { ...settings, SACCO_NAME: 'Umoja SACCO' };
    expect(greeting(ivrActions(menu, context('en'), '/voice/callback', named))).toBe(
      'Hello, this is Umoja SACCO, calling you back as you asked',
    );
  });

  it('names nobody without it, in each language, rather than an English placeholder', () => {
    expect(greeting(ivrActions(menu, context('en'), '/voice/callback', settings))).toBe(
      'Hello, we are calling you back as you asked',
    );
    expect(greeting(ivrActions(menu, context('sw'), '/voice/callback', settings))).toBe(
      'Habari, tunakupigia tena kama ulivyoomba',
    );
  });
});
