import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('runs embedded with no environment at all', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.PORT).toBe(3000);
    expect(config.SCREEN_BUDGET).toBe(182);
    expect(config.SESSION_TTL_SECONDS).toBe(180);
    expect(config.warnings.length).toBeGreaterThan(0);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns copy editing off for any spelling of production', () => {
    expect(loadConfig({ STUDIO: 'on' }).copyEditing).toBe(true);
    expect(loadConfig({ STUDIO: 'off' }).copyEditing).toBe(false);
    for (const NODE_ENV of ['production', 'Production', ' production ', 'prod', 'PROD'])
      expect(loadConfig({ STUDIO: 'on', NODE_ENV }).copyEditing, NODE_ENV).toBe(false);
    expect(loadConfig({ STUDIO: 'on', NODE_ENV: 'development' }).copyEditing).toBe(true);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SCREEN_BUDGET: '500' })).toThrow(/SCREEN_BUDGET/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });

  it('keeps navigation keys apart from menu options and from each other', () => {
    expect(() => loadConfig({ NAV_BACK: '1' })).toThrow(/NAV_BACK/);
    expect(() => loadConfig({ NAV_MORE: '00' })).toThrow(/different/);
    expect(loadConfig({ NAV_BACK: '99', NAV_HOME: '0' })).toMatchObject({ NAV_BACK: '99', NAV_HOME: '0' });
  });

  it('requires a pepper with a real database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db', FAKE_PROVIDERS: 'all' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db', FAKE_PROVIDERS: 'all' })).toThrow(/PIN_PEPPER/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/db',
      PIN_PEPPER: 'p'.repeat(16),
      FAKE_PROVIDERS: 'all',
      WEBHOOK_TOKEN: 't'.repeat(16),
    });
    expect(config.embedded).toBe(false);
    expect(config.pinPepper).toBe('p'.repeat(16));
  });

  it('requires the webhook token with a real database, unless the ingress authenticates the gateway', () => {
    const production = { DATABASE_URL: 'postgres://localhost/db', PIN_PEPPER: 'p'.repeat(16), FAKE_PROVIDERS: 'all' };
    expect(() => loadConfig(production)).toThrow(/WEBHOOK_TOKEN: required/);
    expect(() => loadConfig({ ...production, WEBHOOK_TOKEN: '' })).toThrow(/WEBHOOK_TOKEN: required/);
    expect(() => loadConfig({ ...production, WEBHOOK_TOKEN_OPTIONAL: 'yes' })).toThrow(/WEBHOOK_TOKEN_OPTIONAL/);
    expect(loadConfig({ ...production, WEBHOOK_TOKEN: 't'.repeat(16) }).WEBHOOK_TOKEN).toBe('t'.repeat(16));
    const ingress = loadConfig({ ...production, WEBHOOK_TOKEN_OPTIONAL: 'ingress' });
    expect(ingress.WEBHOOK_TOKEN).toBeUndefined();
    expect(ingress.warnings.join('\n')).toMatch(/ingress authenticates the gateway/);
    // The migrations serve no route; the embedded mode is for development.
    expect(loadConfig(production, { serving: false }).WEBHOOK_TOKEN).toBeUndefined();
    expect(loadConfig({}).WEBHOOK_TOKEN).toBeUndefined();
  });

  it('reads money limits in major units as exact minor units', () => {
    const config = loadConfig({ DEPOSIT_MIN: '5.50', DEPOSIT_MAX: '150000' });
    expect(config.DEPOSIT_MIN).toBe(550n);
    expect(config.DEPOSIT_MAX).toBe(15_000_000n);
    expect(config.AIRTIME_MIN).toBe(500n);
    expect(() => loadConfig({ TRANSFER_MAX: '1.005' })).toThrow(/TRANSFER_MAX/);
    expect(() => loadConfig({ WITHDRAWAL_MIN: '900', WITHDRAWAL_MAX: '800' })).toThrow(/WITHDRAWAL_MIN/);
  });

  const daraja = {
    DARAJA_CONSUMER_KEY: 'k',
    DARAJA_CONSUMER_SECRET: 's',
    DARAJA_SHORTCODE: '600000',
    DARAJA_PASSKEY: 'p',
    DARAJA_INITIATOR_NAME: 'api',
    DARAJA_SECURITY_CREDENTIAL: 'c',
  };
  const africasTalking = {
    AT_USERNAME: 'sacco',
    AT_API_KEY: 'key',
    AT_VOICE_NUMBER: '+254711000000',
    // Real calls need the SACCO's own numbers, not the placeholders.
    IVR_SALES_DESTINATION: '+254711000100',
    IVR_SUPPORT_DESTINATION: '+254711000200',
    SUPPORT_PHONE: '0800 720 720',
  };
  const production = {
    DATABASE_URL: 'postgres://localhost/db',
    PIN_PEPPER: 'p'.repeat(16),
    WEBHOOK_TOKEN: 't'.repeat(16),
  };
  const publicUrl = { PUBLIC_BASE_URL: 'https://ussd.example.com' };

  it('takes Daraja credentials all together, and a public URL with real providers', () => {
    expect(() => loadConfig({ DARAJA_CONSUMER_KEY: 'key' })).toThrow(/DARAJA_PASSKEY/);
    expect(() => loadConfig({ ...daraja, ...africasTalking })).toThrow(/PUBLIC_BASE_URL/);
    const real = loadConfig({ ...daraja, ...africasTalking, ...publicUrl });
    expect(real).toMatchObject({ realMobileMoney: true, realAfricasTalking: true, fakeProviders: [] });
    expect(loadConfig({}).realMobileMoney).toBe(false);
  });

  it('fakes every provider embedded by default, and says so', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ realMobileMoney: false, realAfricasTalking: false });
    expect(config.fakeProviders).toEqual(['mobile-money', 'africastalking']);
    expect(config.warnings.join('\n')).toMatch(/FAKE mobile money/);
    expect(config.warnings.join('\n')).toMatch(/FAKE Africa's Talking/);
  });

  it('refuses a production config without credentials, naming every missing variable', () => {
    let error: unknown;
    try {
      loadConfig(production);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const named = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    const [credentials, numbers] = [Object.keys(africasTalking).slice(0, 3), Object.keys(africasTalking).slice(3)];
    expect(named).toEqual([...Object.keys(daraja), ...credentials, 'PUBLIC_BASE_URL', ...numbers]);
    expect((error as ConfigError).message).toMatch(/FAKE_PROVIDERS=all/);
    expect(() => loadConfig({ ...production, ...daraja, ...publicUrl })).toThrow(/AT_API_KEY/);
    expect(() => loadConfig({ ...production, ...daraja, ...africasTalking })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('runs production with real providers when every credential is set', () => {
    const config = loadConfig({ ...production, ...daraja, ...africasTalking, ...publicUrl });
    expect(config).toMatchObject({ embedded: false, realMobileMoney: true, realAfricasTalking: true });
    expect(config.fakeProviders).toEqual([]);
    expect(config.warnings.join('\n')).not.toMatch(/FAKE/);
  });

  it('fakes only the providers FAKE_PROVIDERS chooses', () => {
    const all = loadConfig({ ...production, FAKE_PROVIDERS: 'all' });
    expect(all.fakeProviders).toEqual(['mobile-money', 'africastalking']);
    expect(all).toMatchObject({ realMobileMoney: false, realAfricasTalking: false });
    expect(all.warnings.join('\n')).toMatch(/FAKE mobile money/);

    const money = loadConfig({ ...production, ...africasTalking, ...publicUrl, FAKE_PROVIDERS: 'mobile-money' });
    expect(money).toMatchObject({ realMobileMoney: false, realAfricasTalking: true, fakeProviders: ['mobile-money'] });
    // A listed provider is faked even with its credentials set (they are ignored, with a warning).
    const both = loadConfig({ ...production, ...daraja, FAKE_PROVIDERS: 'africastalking,mobile-money' });
    expect(both.fakeProviders).toEqual(['mobile-money', 'africastalking']);
    expect(both.warnings.join('\n')).toMatch(/DARAJA_CONSUMER_KEY/);

    expect(loadConfig({ ...production, FAKE_PROVIDERS: 'all' }).FAKE_PROVIDERS).toEqual([
      'mobile-money',
      'africastalking',
    ]);
    expect(() => loadConfig({ ...production, FAKE_PROVIDERS: 'none' })).toThrow(/DARAJA_CONSUMER_KEY/);
    expect(() => loadConfig({ FAKE_PROVIDERS: 'sms' })).toThrow(/FAKE_PROVIDERS/);
    expect(() => loadConfig({ FAKE_PROVIDERS: 'all,none' })).toThrow(/FAKE_PROVIDERS/);
  });

  it("refuses real mobile money with fake Africa's Talking", () => {
    const realMoneyFakeAt = { ...production, ...daraja, ...publicUrl, FAKE_PROVIDERS: 'africastalking' };
    expect(() => loadConfig(realMoneyFakeAt)).toThrow(/real mobile money with fake Africa's Talking is refused/);
    // Embedded too: the money would be real.
    expect(() => loadConfig({ ...daraja, ...publicUrl })).toThrow(/real mobile money with fake Africa's Talking/);
  });

  it('honours an explicit FAKE_PROVIDERS embedded', () => {
    expect(() => loadConfig({ FAKE_PROVIDERS: 'none' })).toThrow(/AT_API_KEY/);
    const config = loadConfig({ ...africasTalking, ...publicUrl, FAKE_PROVIDERS: 'mobile-money' });
    expect(config.fakeProviders).toEqual(['mobile-money']);
  });

  it("refuses real Africa's Talking with the placeholder numbers, and call hours out of order", () => {
    const { IVR_SALES_DESTINATION: _sales, SUPPORT_PHONE: _support, ...placeholders } = africasTalking;
    expect(() => loadConfig({ ...production, ...publicUrl, ...placeholders, FAKE_PROVIDERS: 'mobile-money' })).toThrow(
      /IVR_SALES_DESTINATION: required[\s\S]*SUPPORT_PHONE: required/,
    );
    expect(loadConfig({ CALL_HOURS: '7-21' }).callHours).toEqual({ from: 7, to: 21 });
    expect(() => loadConfig({ CALL_HOURS: '20-8' })).toThrow(/CALL_HOURS/);
    expect(() => loadConfig({ CALL_HOURS: 'all day' })).toThrow(/CALL_HOURS/);
  });

  it('reads the provider timing knobs with their defaults', () => {
    expect(loadConfig({})).toMatchObject({
      DARAJA_TIMEOUT_MS: 10_000,
      FAKE_DARAJA_REPLY_DELAY_MS: 0,
      FAKE_DARAJA_DROP_REPLIES: 0,
      PAYMENT_CHECK_INTERVAL_MS: 30_000,
      PAYMENT_PROMPT_WINDOW_SECONDS: 120,
    });
    expect(() => loadConfig({ DARAJA_TIMEOUT_MS: '50' })).toThrow(/DARAJA_TIMEOUT_MS/);
    expect(() => loadConfig({ FAKE_DARAJA_DROP_REPLIES: '1001' })).toThrow(/FAKE_DARAJA_DROP_REPLIES/);
    expect(() => loadConfig({ PAYMENT_CHECK_INTERVAL_MS: '49' })).toThrow(/PAYMENT_CHECK_INTERVAL_MS/);
    expect(() => loadConfig({ PAYMENT_PROMPT_WINDOW_SECONDS: '3601' })).toThrow(/PAYMENT_PROMPT_WINDOW_SECONDS/);
    expect(loadConfig({ FAKE_DARAJA_REPLY_DELAY_MS: '2500' }).FAKE_DARAJA_REPLY_DELAY_MS).toBe(2500);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ WEBHOOK_TOKEN: '', REDIS_URL: '' }).WEBHOOK_TOKEN).toBeUndefined();
  });
});
