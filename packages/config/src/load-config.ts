import { configSchema, type FakeProvider, type RawConfig } from './config.schema.js';

/** The credentials each provider needs, all of them, to be real. */
export const PROVIDER_VARIABLES = {
  'mobile-money': [
    'DARAJA_CONSUMER_KEY',
    'DARAJA_CONSUMER_SECRET',
    'DARAJA_SHORTCODE',
    'DARAJA_PASSKEY',
    'DARAJA_INITIATOR_NAME',
    'DARAJA_SECURITY_CREDENTIAL',
  ],
  africastalking: ['AT_USERNAME', 'AT_API_KEY', 'AT_VOICE_NUMBER'],
} as const satisfies Record<FakeProvider, readonly (keyof RawConfig)[]>;

/** The development pepper of the embedded mode; never accepted with a real database. */
const EMBEDDED_PEPPER = 'embedded-development-pepper-not-for-production';

export interface Config extends RawConfig {
  /** True when no DATABASE_URL is set: PGlite in process, sessions in memory. */
  readonly embedded: boolean;
  /** True when the real Daraja serves (all its credentials set, not faked). */
  readonly realMobileMoney: boolean;
  /** True when the real Africa's Talking serves SMS, airtime and voice (all its credentials set, not faked). */
  readonly realAfricasTalking: boolean;
  /**
   * The providers faked in this process: chosen with FAKE_PROVIDERS, or, embedded with it
   * unset, those without credentials. Empty in production unless fakes were chosen.
   */
  readonly fakeProviders: readonly FakeProvider[];
  /** Whether the studio (visualizer and simulator) is served: on by default only when embedded. */
  readonly studio: boolean;
  /** Whether the studio may edit the catalogs' source files: the studio on, NODE_ENV not `production`. */
  readonly copyEditing: boolean;
  /** CALL_HOURS read: call-backs are placed from `from`:00 to `to`:00 local time. */
  readonly callHours: { readonly from: number; readonly to: number };
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
// Read generously: "Production", " production " and "prod" all mean a deployed service, which
// never rewrites its sources. Copy editing fails closed on a spelling.
const isProduction = (nodeEnv: string | undefined) => /^\s*prod(uction)?\s*$/i.test(nodeEnv ?? '');

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
  const problems: string[] = [];
  // Fakes only when chosen: FAKE_PROVIDERS names them; unset means none, except embedded, where
  // a provider without credentials is faked (the no-setup start counts as choosing them).
  const chosen = raw.FAKE_PROVIDERS;
  const fakeProviders: FakeProvider[] = [];
  const missing: string[] = [];
  for (const [provider, variables] of Object.entries(PROVIDER_VARIABLES) as [FakeProvider, readonly string[]][]) {
    const set = variables.filter((name) => raw[name as keyof RawConfig] !== undefined);
    if (chosen?.includes(provider)) {
      fakeProviders.push(provider);
      if (set.length > 0) warnings.push(`FAKE_PROVIDERS fakes ${provider}: ${set.join(', ')} ignored`);
    } else if (set.length === variables.length) {
      // Real: every credential is there.
    } else if (embedded && chosen === undefined && set.length === 0) {
      fakeProviders.push(provider);
    } else {
      const hint = `(set it, or choose the fake explicitly: FAKE_PROVIDERS=${provider} or FAKE_PROVIDERS=all)`;
      missing.push(
        ...variables
          .filter((name) => !set.includes(name))
          .map((name) => `${name}: required for the real ${provider} provider ${hint}`),
      );
    }
  }
  const realMobileMoney = !fakeProviders.includes('mobile-money');
  const realAfricasTalking = !fakeProviders.includes('africastalking');
  problems.push(...missing);
  if ((realMobileMoney || realAfricasTalking || missing.length > 0) && raw.PUBLIC_BASE_URL === undefined) {
    problems.push('PUBLIC_BASE_URL: required with real providers (their callbacks must reach this service)');
  }
  if (realMobileMoney && !realAfricasTalking) {
    problems.push(
      "FAKE_PROVIDERS: real mobile money with fake Africa's Talking is refused: members would pay for airtime " +
        'and SMS that are never sent (set AT_USERNAME, AT_API_KEY and AT_VOICE_NUMBER, or fake mobile-money too)',
    );
  }
  if (!embedded && raw.PIN_PEPPER === undefined) {
    problems.push('PIN_PEPPER: required when DATABASE_URL is set (at least 16 characters)');
  }
  if (realAfricasTalking) {
    // Real calls and SMS would send members to numbers nobody at the SACCO answers.
    for (const name of ['IVR_SALES_DESTINATION', 'IVR_SUPPORT_DESTINATION', 'SUPPORT_PHONE'] as const) {
      if (env[name] === undefined || env[name]?.trim() === '') {
        problems.push(`${name}: required with real Africa's Talking (the default is a placeholder)`);
      }
    }
  }
  const [callFrom, callTo] = raw.CALL_HOURS.split('-').map(Number) as [number, number];
  if (callFrom >= callTo) problems.push('CALL_HOURS: the first hour must come before the last');
  // With a real database the gateway routes move real money: they need the token, unless the
  // deployment says in so many words that its ingress authenticates the gateway.
  const tokenMissing = raw.WEBHOOK_TOKEN === undefined && raw.WEBHOOK_TOKEN_OPTIONAL !== 'ingress';
  if (!embedded && tokenMissing && options.serving !== false) {
    problems.push(
      'WEBHOOK_TOKEN: required when DATABASE_URL is set (at least 16 characters), ' +
        'or WEBHOOK_TOKEN_OPTIONAL=ingress when the ingress authenticates the gateway',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (!realMobileMoney) {
    warnings.push(
      `FAKE mobile money: the in-process fake M-Pesa answers (FAKE_PAYMENTS=${raw.FAKE_PAYMENTS}); no real money moves`,
    );
  }
  if (!realAfricasTalking) warnings.push("FAKE Africa's Talking: no SMS, airtime or call is really sent");
  if (embedded) warnings.push('DATABASE_URL is not set: using the embedded PGlite database');
  if (raw.REDIS_URL === undefined) {
    warnings.push('REDIS_URL is not set: sessions live in this process only (no scaling out)');
  }
  if (raw.WEBHOOK_TOKEN === undefined) {
    warnings.push(
      raw.WEBHOOK_TOKEN_OPTIONAL === 'ingress'
        ? 'WEBHOOK_TOKEN is not set: WEBHOOK_TOKEN_OPTIONAL=ingress says the ingress authenticates the gateway'
        : 'WEBHOOK_TOKEN is not set: anyone who finds the gateway routes can call them',
    );
  }

  const studio = raw.STUDIO === undefined ? embedded : raw.STUDIO === 'on';
  return Object.freeze({
    ...raw,
    embedded,
    realMobileMoney,
    realAfricasTalking,
    fakeProviders: Object.freeze(fakeProviders),
    studio,
    copyEditing: studio && !isProduction(raw.NODE_ENV),
    callHours: Object.freeze({ from: callFrom, to: callTo }),
    pinPepper: raw.PIN_PEPPER ?? EMBEDDED_PEPPER,
    warnings: Object.freeze(warnings),
  });
}
