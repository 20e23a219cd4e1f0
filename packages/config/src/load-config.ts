import { configSchema, type RawConfig } from './config.schema.js';

/** The development pepper of the embedded mode; never accepted with a real database. */
const EMBEDDED_PEPPER = 'embedded-development-pepper-not-for-production';

export interface Config extends RawConfig {
  /** True when no DATABASE_URL is set: PGlite in process, sessions in memory. */
  readonly embedded: boolean;
  readonly pinPepper: string;
  /** Why the configuration is weaker than production wants; logged once at boot. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads, validates and freezes the configuration once, at boot. A bad value throws a
 * ConfigError that names the variable, so the service never starts half-configured.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const embedded = raw.DATABASE_URL === undefined;
  const warnings: string[] = [];

  const navigation = { NAV_BACK: raw.NAV_BACK, NAV_HOME: raw.NAV_HOME, NAV_MORE: raw.NAV_MORE };
  for (const [name, key] of Object.entries(navigation)) {
    // Menus number their options 1 to 9: a navigation key among them would hide an option.
    if (/^[1-9]$/.test(key)) throw new ConfigError([`${name}: must not be a menu option (1-9)`]);
  }
  if (new Set(Object.values(navigation)).size !== 3) {
    throw new ConfigError(['NAV_BACK, NAV_HOME, NAV_MORE: must be three different keys']);
  }
  if (!embedded && raw.PIN_PEPPER === undefined) {
    throw new ConfigError(['PIN_PEPPER: required when DATABASE_URL is set (at least 16 characters)']);
  }
  if (embedded) warnings.push('DATABASE_URL is not set: using the embedded PGlite database');
  if (raw.REDIS_URL === undefined) {
    warnings.push('REDIS_URL is not set: sessions live in this process only (no scaling out)');
  }
  if (raw.WEBHOOK_TOKEN === undefined) {
    warnings.push('WEBHOOK_TOKEN is not set: anyone who finds the gateway routes can call them');
  }

  return Object.freeze({
    ...raw,
    embedded,
    pinPepper: raw.PIN_PEPPER ?? EMBEDDED_PEPPER,
    warnings: Object.freeze(warnings),
  });
}
