import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.schema.js';
import { defaultOf, renderEnvExample, SECRET_PATTERN } from './env-example.js';

const envExample = fileURLToPath(new URL('../../../.env.example', import.meta.url));

describe('.env.example', () => {
  it('is what `pnpm env:example` writes from the schema today', () => {
    expect(readFileSync(envExample, 'utf8'), 'stale: run `pnpm env:example`').toBe(renderEnvExample());
  });

  it('names every variable the schema reads, once, and nothing else', () => {
    const names = [...renderEnvExample().matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(names).toEqual(Object.keys(configSchema.shape));
  });

  it('shows each default as a value that parses back to the same default', () => {
    for (const name of Object.keys(configSchema.shape) as (keyof typeof configSchema.shape)[]) {
      const shown = defaultOf(name);
      if (shown === undefined) continue;
      const schema = configSchema.shape[name];
      expect(schema.parse(shown), name).toEqual(schema.parse(undefined));
    }
  });

  it('gives no secret a value', () => {
    for (const line of renderEnvExample().split('\n')) {
      const [, name, value] = /^# ([A-Z0-9_]+)=(\S*)/.exec(line) ?? [];
      if (name !== undefined && SECRET_PATTERN.test(name)) expect(value, name).toBe('');
    }
  });
});
