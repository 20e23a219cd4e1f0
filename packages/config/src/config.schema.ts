import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const navKey = z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits');
// An amount in major units as operators write it ("150000", "5.50"), kept exact as minor units.
const majorAmount = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be an amount such as 500 or 5.50'))
    .transform((v) => {
      const [whole, fraction = ''] = v.split('.');
      return BigInt(whole as string) * 100n + BigInt(fraction.padEnd(2, '0'));
    });

/** The providers FAKE_PROVIDERS can choose a fake for. */
export const FAKE_PROVIDER_NAMES = ['mobile-money', 'africastalking'] as const;
export type FakeProvider = (typeof FAKE_PROVIDER_NAMES)[number];

const fakeProviderList = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
  .pipe(
    z
      .string()
      .regex(
        /^(none|all|(mobile-money|africastalking)(,(mobile-money|africastalking))*)$/,
        'must be none, all, or a comma list of mobile-money, africastalking',
      )
      .optional(),
  )
  .transform((v): readonly FakeProvider[] | undefined => {
    if (v === undefined) return undefined;
    if (v === 'none') return [];
    if (v === 'all') return FAKE_PROVIDER_NAMES;
    return FAKE_PROVIDER_NAMES.filter((name) => v.split(',').includes(name));
  });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/**
 * Every environment variable the service reads, with its default. This schema is the only
 * place that knows the names; the rest of the code gets the typed, frozen result.
 */
export const configSchema = z.object({
  PORT: integer(0, 65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  // `on`: the transfer call is a named prepared statement (parsed and planned once per connection).
  // Only with a direct connection, or PgBouncer 1.21+ with max_prepared_statements above 0.
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('off'),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z.string().default('ussd:'),

  WEBHOOK_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  // `ingress`: this deployment authenticates the gateway at its ingress, so no token is needed.
  WEBHOOK_TOKEN_OPTIONAL: optionalText.pipe(z.enum(['ingress']).optional()),
  PIN_PEPPER: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  PIN_SCRYPT_COST: integer(1024, 1_048_576)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .default(16_384),
  PIN_MAX_ATTEMPTS: integer(1, 10).default(3),
  PIN_LOCK_MINUTES: integer(1, 7 * 24 * 60).default(30),
  /** How long a one-time PIN from `pnpm ops members:reset-pin` works. */
  PIN_RESET_MINUTES: integer(1, 24 * 60).default(30),
  // PIN hashing is a bounded resource: worker threads (0: one per core), a bounded queue, and
  // the longest expected wait for a worker before a hop is told to try again.
  PIN_HASH_THREADS: integer(0, 256).default(0),
  PIN_HASH_QUEUE_LIMIT: integer(0, 100_000).default(64),
  PIN_HASH_MAX_WAIT_MS: integer(0, 9_000).default(2_000),

  SESSION_TTL_SECONDS: integer(30, 3600).default(180),
  HOP_DEADLINE_MS: integer(500, 9_000).default(5_000),
  SCREEN_BUDGET: integer(80, 182).default(182),
  NAV_BACK: navKey.default('0'),
  NAV_HOME: navKey.default('00'),
  NAV_MORE: navKey.default('98'),
  RATE_LIMIT_HOPS: integer(1, 1_000_000_000).default(60),
  RATE_LIMIT_WINDOW_SECONDS: integer(1, 3600).default(60),
  REQUEST_BODY_LIMIT_BYTES: integer(1024, 1_048_576).default(8_192),

  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as KES')
    .default('KES'),
  DEFAULT_LANGUAGE: z.enum(['en', 'sw']).default('en'),
  SERVICE_CODE: z
    .string()
    .regex(/^\*[0-9*]+#$/, 'must be a USSD code such as *384*303#')
    .default('*384*303#'),
  COUNTRY_CODE: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'must be a calling code such as 254')
    .default('254'),
  UTC_OFFSET_MINUTES: z.coerce.number().int().min(-720).max(840).default(180),

  DEPOSIT_MIN: majorAmount('10'),
  DEPOSIT_MAX: majorAmount('150000'),
  WITHDRAWAL_MIN: majorAmount('50'),
  WITHDRAWAL_MAX: majorAmount('70000'),
  TRANSFER_MIN: majorAmount('1'),
  TRANSFER_MAX: majorAmount('100000'),
  AIRTIME_MIN: majorAmount('5'),
  AIRTIME_MAX: majorAmount('10000'),
  DAILY_OUTFLOW_LIMIT: majorAmount('300000'),

  LOAN_MIN: majorAmount('100'),
  LOAN_MAX: majorAmount('50000'),
  LOAN_TERMS_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be a comma list of days such as 30,90')
    .default('30,90')
    .transform((v) => v.split(',').map(Number)),
  LOAN_FEE_BPS_PER_30_DAYS: integer(0, 10_000).default(500),
  LOAN_LATE_FEE_BPS: integer(0, 10_000).default(500),
  LOAN_MIN_MEMBERSHIP_DAYS: integer(0, 3650).default(30),
  LOAN_SAVINGS_MULTIPLIER: z.coerce.number().min(0).max(100).default(3),
  LOAN_REMINDER_DAYS: integer(0, 60).default(3),
  // The daily jobs (loan reminders and overdue marking, outbox archiving) run once a day across
  // all instances, from this local hour (UTC_OFFSET_MINUTES) on.
  LOAN_JOB_LOCAL_HOUR: integer(0, 23).default(6),
  OUTBOX_RETENTION_DAYS: integer(1, 3650).default(30),
  /** Share of what is owed held in the wallet while a loan is open, in basis points. */
  LOAN_SAVINGS_HOLD_BPS: integer(0, 10_000).default(5_000),
  /** Days past due after which the loan job recovers what is owed from the wallet. */
  LOAN_RECOVERY_DAYS: integer(1, 3650).default(14),

  CALLBACK_WINDOW_MINUTES: integer(0, 1440).default(10),
  /** The institution's name, as the call-back greeting says it; unset, the greeting names nobody. */
  SACCO_NAME: z.string().trim().min(2).max(40).optional(),
  /** Local hours in which call-backs are placed, `from-to` (24 h); a request outside waits for the next start. */
  CALL_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-4])$/, 'must be hours such as 8-20')
    .default('8-20'),
  AT_VOICE_NUMBER: optionalText,
  IVR_SALES_DESTINATION: z.string().min(3).default('+254711082000'),
  IVR_SUPPORT_DESTINATION: z.string().min(3).default('support@ke.sip.africastalking.com'),
  IVR_RINGBACK_URL: optionalText.pipe(z.url().optional()),
  IVR_DIGITS_TIMEOUT_SECONDS: integer(3, 60).default(10),

  STUDIO: z.enum(['on', 'off']).optional(),
  STUDIO_PASSWORD: optionalText.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  /** Where the studio's copy editing writes the catalogs (en.ts, sw.ts); unset, the journeys package's own. */
  STUDIO_CATALOG_DIR: optionalText,
  /** `production` turns the studio's copy editing off: a deployed service never rewrites its sources. */
  NODE_ENV: optionalText,

  // GET /metrics (Prometheus text): on a port of its own (METRICS_PORT), or on the service's
  // port behind `Authorization: Bearer <METRICS_TOKEN>`; with neither, it is not served.
  METRICS_PORT: integer(1, 65_535).optional(),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),

  PUBLIC_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OUTBOX_POLL_MS: integer(50, 60_000).default(500),
  PAYMENT_CHECK_INTERVAL_MS: integer(50, 3_600_000).default(30_000),
  PAYMENT_PROMPT_WINDOW_SECONDS: integer(1, 3600).default(120),
  // Unset reads as `none`, except in the embedded mode, where every provider without
  // credentials is faked (the no-setup start). See load-config.ts.
  FAKE_PROVIDERS: fakeProviderList,
  FAKE_PAYMENTS: z.enum(['approve', 'decline', 'manual']).default('approve'),
  FAKE_PAYMENTS_DELAY_MS: integer(0, 600_000).default(1_000),
  FAKE_DARAJA_REPLY_DELAY_MS: integer(0, 600_000).default(0),
  FAKE_DARAJA_DROP_REPLIES: integer(0, 1000).default(0),
  DARAJA_BASE_URL: z.url().default('https://api.safaricom.co.ke'),
  DARAJA_TIMEOUT_MS: integer(100, 60_000).default(10_000),
  DARAJA_CONSUMER_KEY: optionalText,
  DARAJA_CONSUMER_SECRET: optionalText,
  DARAJA_SHORTCODE: optionalText,
  DARAJA_PASSKEY: optionalText,
  DARAJA_INITIATOR_NAME: optionalText,
  DARAJA_SECURITY_CREDENTIAL: optionalText,
  AT_USERNAME: optionalText,
  AT_API_KEY: optionalText,
  AT_SMS_FROM: optionalText,
  SUPPORT_PHONE: z
    .string()
    .regex(/^\+?[0-9 ]{3,20}$/, 'must be a phone number')
    .default('0800 000 000'),
});

export type RawConfig = z.infer<typeof configSchema>;
