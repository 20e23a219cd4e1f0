import { configSchema } from './config.schema.js';
import { PROVIDER_VARIABLES } from './load-config.js';

/** Variables that are secrets: kept out of ConfigMaps and logs, never given a default here. */
export const SECRET_PATTERN = /(_KEY|_SECRET|_PASSKEY|_CREDENTIAL|_TOKEN|_PEPPER|_PASSWORD)$/;

/** How a parsed default reads back as an environment value. */
function asEnvValue(name: string, value: unknown): string {
  if (typeof value === 'bigint') {
    // Amounts are parsed from major units into minor units (cents): shown as written.
    const whole = value / 100n;
    const cents = value % 100n;
    return cents === 0n ? whole.toString() : `${whole}.${cents.toString().padStart(2, '0')}`;
  }
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${name}: cannot show a default of type ${typeof value}`);
}

/** The default of one variable, as it would be written in the environment, if it has one. */
export function defaultOf(name: keyof typeof configSchema.shape): string | undefined {
  const parsed = configSchema.shape[name].safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  return asEnvValue(name, parsed.data);
}

/**
 * `.env.example`, from the config schema: every variable the service reads, commented out,
 * with its default. `pnpm env:example` writes it; a test fails when it is stale.
 */
export function renderEnvExample(): string {
  const providers = new Set<string>(Object.values(PROVIDER_VARIABLES).flat());
  const lines = [
    '# Every variable the service reads, with its default. Generated from',
    '# packages/config/src/config.schema.ts by `pnpm env:example` (a test checks it is current).',
    '# Copy to .env and uncomment what you set. Unset everything for the embedded no-setup start;',
    '# with DATABASE_URL set, PIN_PEPPER and WEBHOOK_TOKEN (or WEBHOOK_TOKEN_OPTIONAL=ingress) are',
    '# required, and every provider credential unless FAKE_PROVIDERS fakes that provider.',
    '',
  ];
  for (const name of Object.keys(configSchema.shape) as (keyof typeof configSchema.shape)[]) {
    const notes: string[] = [];
    if (SECRET_PATTERN.test(name)) notes.push('secret');
    if (providers.has(name)) notes.push('provider credential');
    const value = SECRET_PATTERN.test(name) ? undefined : defaultOf(name);
    const note = notes.length === 0 ? '' : `  # ${notes.join(', ')}`;
    lines.push(`# ${name}=${value ?? ''}${note}`);
  }
  return `${lines.join('\n')}\n`;
}
