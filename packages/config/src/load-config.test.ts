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
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/db', PIN_PEPPER: 'p'.repeat(16) });
    expect(config.embedded).toBe(false);
    expect(config.pinPepper).toBe('p'.repeat(16));
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ WEBHOOK_TOKEN: '', REDIS_URL: '' }).WEBHOOK_TOKEN).toBeUndefined();
  });
});
