/**
 * The real service, as production runs it: the built output on plain node, with PostgreSQL
 * and Redis. Everything the harness needs to know about it is in this file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execPath } from 'node:process';
import { Redis } from 'ioredis';
import { recreateDatabase } from '../bench-db.js';
import type { BenchConfig } from '../config.js';
import type { Flow } from '../flow.js';
import { pgUrl, REDIS_URL } from '../infra.js';
import { repoRoot } from '../paths.js';
import { runCommand } from '../run-command.js';
import { benchPhones } from '../sessions.js';
import type { Target } from '../target.js';
import { driveSession } from '../ussd-client.js';
import { METRICS_TOKEN, metricsReport } from './service-metrics.js';

const BENCH_DATABASE = 'sacco_bench';
const REDIS_KEY_PREFIX = 'bench:svc:';
export const SERVER_ENTRY = 'apps/server/dist/server.js';
// The built `pnpm db:migrate`.
const MIGRATE_ENTRY = 'apps/server/dist/migrate.js';

export const SERVICE_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  DATABASE_URL: pgUrl(BENCH_DATABASE),
  REDIS_URL,
  PIN_PEPPER: 'bench-pepper-0123456789abcdef',
  // No provider credentials here: the fakes are chosen explicitly, as production requires.
  FAKE_PROVIDERS: 'all',
  // The benchmark sends far more hops per phone than any person could; do not throttle it.
  RATE_LIMIT_HOPS: '100000000',
  LOG_LEVEL: 'warn',
  // Keeps bench sessions apart from a developer's own in the shared Redis.
  REDIS_KEY_PREFIX,
  // GET /metrics is served (on the service's port, to this token) and scraped after the run.
  METRICS_TOKEN,
};

// Unset for the harnesses that post without a token (they set WEBHOOK_TOKEN_OPTIONAL).
export const UNSET_ENV = ['WEBHOOK_TOKEN'];

// The hops bench posts with the gateway's token, as production does: its check is part of a hop.
const WEBHOOK_TOKEN = 'bench-webhook-token-0123456789';

const MAIN_MENU = /^CON Welcome, Jane\n1\. Deposit\n2\. Withdraw\n[\s\S]*\n7\. Call me back$/;
const MY_ACCOUNT =
  /^CON My account\n1\. Balance\n2\. Mini-statement\n3\. Change PIN\n4\. Change language\n0\. Back 00\. Main menu$/;

/**
 * A registered member's session, measured under load: dial (the member is looked up in
 * PostgreSQL), My account, back, My account again, home. No PIN is typed: a PIN hop costs one
 * scrypt hash (tens of milliseconds by design), which would measure the hash, not the engine.
 */
export const SERVICE_FLOW: Flow = [
  { text: '', expect: MAIN_MENU },
  { text: '6', expect: MY_ACCOUNT },
  { text: '6*0', expect: MAIN_MENU },
  { text: '6*0*6', expect: MY_ACCOUNT },
  { text: '6*0*6*00', expect: MAIN_MENU },
];

/** A new phone registering: English, name, city, PIN, PIN again. */
export const REGISTRATION_FLOW: Flow = [
  { text: '', expect: /^CON Welcome! Karibu!\nChoose your language/ },
  { text: '1', expect: /^CON To register, enter your full name:/ },
  { text: '1*Jane Doe', expect: /^CON Enter your city or town:/ },
  { text: '1*Jane Doe*Nairobi', expect: /^CON Choose a 4-digit PIN:$/ },
  { text: '1*Jane Doe*Nairobi*4826', expect: /^CON Enter the same PIN again:$/ },
  { text: '1*Jane Doe*Nairobi*4826*4826', expect: /^CON Registration complete!\nWelcome, Jane\n1\. Deposit/ },
];

export const USSD_PATH = '/ussd/callback';

export function serviceTarget(members: number): Target {
  const phones = benchPhones(members);
  return {
    id: 'service',
    label: 'service',
    ussdPath: `${USSD_PATH}?token=${WEBHOOK_TOKEN}`,
    flow: SERVICE_FLOW,
    phones,

    async setup(cfg: BenchConfig) {
      if (!cfg.skipBuild) {
        console.log('service: pnpm build');
        await runCommand('pnpm', ['build'], { cwd: repoRoot });
      }
      if (!existsSync(join(repoRoot, SERVER_ENTRY))) {
        throw new Error(`service: ${SERVER_ENTRY} is missing (build it, or unset BENCH_SKIP_BUILD)`);
      }
      console.log(`service: fresh database ${BENCH_DATABASE}`);
      await recreateDatabase(BENCH_DATABASE);
      // The last run's sessions and caller cards speak for members of the database just dropped:
      // a card would greet a number this run has not registered yet.
      console.log(`service: ${await forgetServiceKeys()} Redis key(s) of the last run removed`);
      if (existsSync(join(repoRoot, MIGRATE_ENTRY))) {
        await runCommand(execPath, [MIGRATE_ENTRY], { cwd: repoRoot, env: SERVICE_ENV, unsetEnv: UNSET_ENV });
      } else {
        console.log(`service: ${MIGRATE_ENTRY} not found, assuming the server migrates on start`);
      }
    },

    server: (port) => ({
      command: execPath,
      args: [SERVER_ENTRY],
      cwd: repoRoot,
      env: { ...SERVICE_ENV, WEBHOOK_TOKEN, PORT: String(port) },
      readyPath: '/readyz',
    }),

    // Members register through the service's own USSD route, so the measured sessions find
    // them exactly as a real member would be found.
    async prepare(baseUrl: string) {
      const url = `${baseUrl}${USSD_PATH}?token=${WEBHOOK_TOKEN}`;
      for (const [i, phoneNumber] of phones.entries()) {
        await driveSession(
          url,
          { sessionId: `ATUid_bench-register-${Date.now()}-${i}`, phoneNumber },
          REGISTRATION_FLOW,
        );
      }
      console.log(`service: registered ${phones.length} members`);
    },

    afterRun: metricsReport,
  };
}

/** Removes every Redis key of the bench's service (its own prefix); how many there were. */
async function forgetServiceKeys(): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_KEY_PREFIX}*`, 'COUNT', 1000);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
