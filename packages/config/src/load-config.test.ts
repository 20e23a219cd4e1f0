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
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db' })).toThrow(/PIN_PEPPER/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/db',
      PIN_PEPPER: 'p'.repeat(16),
      WEBHOOK_TOKEN: 't'.repeat(16),
    });
    expect(config.embedded).toBe(false);
    expect(config.pinPepper).toBe('p'.repeat(16));
  });

  it('requires the webhook token with a real database, unless the ingress authenticates the gateway', () => {
    const production = { DATABASE_URL: 'postgres://localhost/db', PIN_PEPPER: 'p'.repeat(16) };
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

  it('takes Daraja credentials all together, and a public URL with real providers', () => {
    expect(() => loadConfig({ DARAJA_CONSUMER_KEY: 'key' })).toThrow(/DARAJA_PASSKEY/);
    const daraja = {
      DARAJA_CONSUMER_KEY: 'k',
      DARAJA_CONSUMER_SECRET: 's',
      DARAJA_SHORTCODE: '600000',
      DARAJA_PASSKEY: 'p',
      DARAJA_INITIATOR_NAME: 'api',
      DARAJA_SECURITY_CREDENTIAL: 'c',
    };
    expect(() => loadConfig(daraja)).toThrow(/PUBLIC_BASE_URL/);
    expect(loadConfig({ ...daraja, PUBLIC_BASE_URL: 'https://ussd.example.com' }).realMobileMoney).toBe(true);
    expect(loadConfig({}).realMobileMoney).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ WEBHOOK_TOKEN: '', REDIS_URL: '' }).WEBHOOK_TOKEN).toBeUndefined();
  });
});
