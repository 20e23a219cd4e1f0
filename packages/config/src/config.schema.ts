import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const navKey = z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits');
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
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z.string().default('ussd:'),

  WEBHOOK_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  PIN_PEPPER: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  PIN_SCRYPT_COST: integer(1024, 1_048_576)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .default(16_384),
  PIN_MAX_ATTEMPTS: integer(1, 10).default(3),
  PIN_LOCK_MINUTES: integer(1, 7 * 24 * 60).default(30),

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
  SUPPORT_PHONE: z
    .string()
    .regex(/^\+?[0-9 ]{3,20}$/, 'must be a phone number')
    .default('0800 000 000'),
});

export type RawConfig = z.infer<typeof configSchema>;
