import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@sacco/bank/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { TEST_PEPPER, TEST_REDIS_URL } from './support/test-app.js';

// What production runs: `pnpm build`, then plain `node` on the output (no .ts loader in production).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const migrateEntry = fileURLToPath(new URL('../dist/migrate.js', import.meta.url));

let database: TestDatabase;
let server: ChildProcess | undefined;

beforeAll(async () => {
  execFileSync('pnpm', ['-r', 'build'], { cwd: root, stdio: 'pipe' });
  database = await createTestDatabase({ migrate: false });
}, 120_000);

afterAll(async () => {
  if (server?.exitCode === null) server.kill('SIGKILL');
  await database.drop();
});

const env = () => ({
  PATH: process.env.PATH,
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  REDIS_KEY_PREFIX: `test:built:${process.pid}:`,
  PIN_PEPPER: TEST_PEPPER,
  FAKE_PROVIDERS: 'all',
  PORT: '0',
  LOG_LEVEL: 'warn',
});

describe('the production build', () => {
  it('refuses to start without provider credentials unless fakes are chosen, naming what is missing', () => {
    const { FAKE_PROVIDERS: _chosen, ...production } = env();
    const run = spawnSync('node', [serverEntry], { env: production, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    for (const name of ['DARAJA_CONSUMER_KEY', 'DARAJA_SECURITY_CREDENTIAL', 'AT_API_KEY', 'PUBLIC_BASE_URL']) {
      expect(run.stderr).toContain(name);
    }
    expect(run.stdout).not.toContain('listening');
  });

  it('migrates the database with plain node, with no provider configuration at all', () => {
    const { FAKE_PROVIDERS: _chosen, ...migrateEnv } = env();
    const output = execFileSync('node', [migrateEntry], { env: migrateEnv, encoding: 'utf8' });
    expect(output).toContain('migrations applied');
    expect(execFileSync('node', [migrateEntry], { env: env(), encoding: 'utf8' })).toContain('already up to date');
  });

  it('refuses to start with a real database and no WEBHOOK_TOKEN, unless the ingress authenticates', () => {
    const refused = spawnSync('node', [serverEntry], { env: env(), encoding: 'utf8', timeout: 20_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('WEBHOOK_TOKEN: required when DATABASE_URL is set');
  });

  it('starts, answers /healthz and a USSD hop, and stops on SIGTERM', async () => {
    // The hop below carries no token: this deployment authenticates at its ingress.
    const child = spawn('node', [serverEntry], {
      env: { ...env(), WEBHOOK_TOKEN_OPTIONAL: 'ingress' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in: ${output}`)), 20_000);
      child.stdout?.on('data', (chunk) => {
        output += String(chunk);
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });

    expect(output).toMatch(/Mobile money: +FAKE/);
    // The JSON log is written asynchronously: the warning may trail the banner by a moment.
    await eventually(async () => expect(output).toMatch(/FAKE PROVIDERS IN USE/));
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ providers: { mobileMoney: 'fake', africasTalking: 'fake' } });
    const hop = await fetch(`${base}/ussd/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        sessionId: 'ATUid_built',
        serviceCode: '*384*303#',
        phoneNumber: '+254788000001',
        networkCode: '63902',
        text: '',
      }),
    });
    expect(await hop.text()).toBe(
      'CON Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili',
    );

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 40_000);
});
