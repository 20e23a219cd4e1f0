import { configSchema, type RawConfig } from './config.schema.js';

/** The development pepper of the embedded mode; never accepted with a real database. */
const EMBEDDED_PEPPER = 'embedded-development-pepper-not-for-production';

export interface Config extends RawConfig {
  /** True when no DATABASE_URL is set: PGlite in process, sessions in memory. */
  readonly embedded: boolean;
  /** True when Daraja credentials are set; otherwise the in-process fake provider serves. */
  readonly realMobileMoney: boolean;
  /** True when Africa's Talking credentials are set; otherwise SMS and airtime are faked. */
  readonly realAfricasTalking: boolean;
  /** Whether the studio (visualizer and simulator) is served: on by default only when embedded. */
  readonly studio: boolean;
  readonly pinPepper: string;
  /** Why the configuration is weaker than production wants; logged once at boot. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface LoadConfigOptions {
  /**
   * False for a process that serves no route (the migrations): what only the routes need,
   * such as the webhook token, is not required of it.
   */
  readonly serving?: boolean;
}

/**
 * Reads, validates and freezes the configuration once, at boot. A bad value throws a
 * ConfigError that names the variable, so the service never starts half-configured.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Readonly<Config> {
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
  for (const kind of ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'AIRTIME'] as const) {
    if (raw[`${kind}_MIN`] > raw[`${kind}_MAX`]) throw new ConfigError([`${kind}_MIN: must not exceed ${kind}_MAX`]);
  }
  if (raw.LOAN_MIN > raw.LOAN_MAX) throw new ConfigError(['LOAN_MIN: must not exceed LOAN_MAX']);
  if (raw.LOAN_TERMS_DAYS.some((days) => days < 1) || raw.LOAN_TERMS_DAYS.length > 5) {
    throw new ConfigError(['LOAN_TERMS_DAYS: one to five terms of at least one day']);
  }
  const darajaVariables = [
    'DARAJA_CONSUMER_KEY',
    'DARAJA_CONSUMER_SECRET',
    'DARAJA_SHORTCODE',
    'DARAJA_PASSKEY',
    'DARAJA_INITIATOR_NAME',
    'DARAJA_SECURITY_CREDENTIAL',
  ] as const;
  const darajaSet = darajaVariables.filter((name) => raw[name] !== undefined);
  if (darajaSet.length > 0 && darajaSet.length < darajaVariables.length) {
    const missing = darajaVariables.filter((name) => raw[name] === undefined);
    throw new ConfigError(missing.map((name) => `${name}: required with the other DARAJA_ variables`));
  }
  const realMobileMoney = darajaSet.length > 0;
  const realAfricasTalking = raw.AT_API_KEY !== undefined;
  if (realAfricasTalking && raw.AT_USERNAME === undefined) {
    throw new ConfigError(['AT_USERNAME: required with AT_API_KEY']);
  }
  if (realAfricasTalking && raw.AT_VOICE_NUMBER === undefined) {
    throw new ConfigError(['AT_VOICE_NUMBER: required with AT_API_KEY (the number call-backs come from)']);
  }
  if ((realMobileMoney || realAfricasTalking) && raw.PUBLIC_BASE_URL === undefined) {
    throw new ConfigError(['PUBLIC_BASE_URL: required with real providers (their callbacks must reach this service)']);
  }
  if (!realMobileMoney)
    warnings.push(`mobile money is the in-process fake provider (FAKE_PAYMENTS=${raw.FAKE_PAYMENTS})`);
  if (!realAfricasTalking) warnings.push('SMS and airtime are faked: set AT_USERNAME and AT_API_KEY to send them');
  if (!embedded && raw.PIN_PEPPER === undefined) {
    throw new ConfigError(['PIN_PEPPER: required when DATABASE_URL is set (at least 16 characters)']);
  }
  if (embedded) warnings.push('DATABASE_URL is not set: using the embedded PGlite database');
  if (raw.REDIS_URL === undefined) {
    warnings.push('REDIS_URL is not set: sessions live in this process only (no scaling out)');
  }
  if (raw.WEBHOOK_TOKEN === undefined) {
    // With a real database the gateway routes move real money: they need the token, unless the
    // deployment says in so many words that its ingress authenticates the gateway.
    if (!embedded && raw.WEBHOOK_TOKEN_OPTIONAL !== 'ingress' && options.serving !== false) {
      throw new ConfigError([
        'WEBHOOK_TOKEN: required when DATABASE_URL is set (at least 16 characters), ' +
          'or WEBHOOK_TOKEN_OPTIONAL=ingress when the ingress authenticates the gateway',
      ]);
    }
    warnings.push(
      raw.WEBHOOK_TOKEN_OPTIONAL === 'ingress'
        ? 'WEBHOOK_TOKEN is not set: WEBHOOK_TOKEN_OPTIONAL=ingress says the ingress authenticates the gateway'
        : 'WEBHOOK_TOKEN is not set: anyone who finds the gateway routes can call them',
    );
  }

  return Object.freeze({
    ...raw,
    embedded,
    realMobileMoney,
    realAfricasTalking,
    studio: raw.STUDIO === undefined ? embedded : raw.STUDIO === 'on',
    pinPepper: raw.PIN_PEPPER ?? EMBEDDED_PEPPER,
    warnings: Object.freeze(warnings),
  });
}
