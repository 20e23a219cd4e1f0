/**
 * The real service, as production runs it: the built output on plain node, with PostgreSQL
 * and Redis. Everything the harness needs to know about it is in this file.
 *
 * TO CONFIRM (service owner): the hop texts and expectations of SERVICE_FLOW and
 * REGISTRATION_FLOW, and the migration step in setup(); all marked PLACEHOLDER below.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execPath } from 'node:process';
import { recreateDatabase } from '../bench-db.js';
import type { BenchConfig } from '../config.js';
import type { Flow } from '../flow.js';
import { pgUrl, REDIS_URL } from '../infra.js';
import { repoRoot } from '../paths.js';
import { runCommand } from '../run-command.js';
import { benchPhones } from '../sessions.js';
import type { Target } from '../target.js';
import { driveSession } from '../ussd-client.js';

const BENCH_DATABASE = 'sacco_bench';
const SERVER_ENTRY = 'apps/server/dist/server.js';
// PLACEHOLDER: assumed built entry of `pnpm db:migrate`; skipped when absent (e.g. if the
// server migrates on start).
const MIGRATE_ENTRY = 'apps/server/dist/migrate.js';

const SERVICE_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  DATABASE_URL: pgUrl(BENCH_DATABASE),
  REDIS_URL,
  PIN_PEPPER: 'bench-pepper-0123456789abcdef',
  // The benchmark sends far more hops per phone than any person could; do not throttle it.
  RATE_LIMIT_HOPS: '100000000',
  LOG_LEVEL: 'warn',
  // Keeps bench sessions apart from a developer's own in the shared Redis.
  REDIS_KEY_PREFIX: 'bench:svc:',
  NODE_ENV: 'production',
};

// Unset so the callback route takes hops without a gateway token, as the brief's setup has it.
const UNSET_ENV = ['WEBHOOK_TOKEN'];

/**
 * A registered member's session, measured under load. PLACEHOLDER expectations: tighten them
 * to the real screens.
 */
export const SERVICE_FLOW: Flow = [
  { text: '', expect: /^CON .*1\. Deposit/s },
  { text: '6', expect: /^CON / },
  { text: '6*0', expect: /^CON / },
  { text: '6*0*6', expect: /^CON / },
  { text: '6*0*6*00', expect: /^CON / },
];

/**
 * PLACEHOLDER: a new phone registering (name, city, a choice, PIN, PIN again). Each text is
 * the cumulative chained input; the last reply must start with CON.
 */
export const REGISTRATION_FLOW: Flow = [
  { text: '', expect: /^CON / },
  { text: 'Jane Doe', expect: /^CON / },
  { text: 'Jane Doe*Nairobi', expect: /^CON / },
  { text: 'Jane Doe*Nairobi*1', expect: /^CON / },
  { text: 'Jane Doe*Nairobi*1*4826', expect: /^CON / },
  { text: 'Jane Doe*Nairobi*1*4826*4826', expect: /^CON / },
];

const USSD_PATH = '/ussd/callback';

export function serviceTarget(members: number): Target {
  const phones = benchPhones(members);
  return {
    id: 'service',
    label: 'service',
    ussdPath: USSD_PATH,
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
      env: { ...SERVICE_ENV, PORT: String(port) },
      unsetEnv: UNSET_ENV,
      readyPath: '/healthz',
    }),

    // Members register through the service's own USSD route, so the measured sessions find
    // them exactly as a real member would be found.
    async prepare(baseUrl: string) {
      const url = `${baseUrl}${USSD_PATH}`;
      for (const [i, phoneNumber] of phones.entries()) {
        await driveSession(
          url,
          { sessionId: `ATUid_bench-register-${Date.now()}-${i}`, phoneNumber },
          REGISTRATION_FLOW,
        );
      }
      console.log(`service: registered ${phones.length} members`);
    },
  };
}
