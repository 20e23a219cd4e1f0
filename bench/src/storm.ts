/**
 * A registration storm: STORM_SESSIONS new phones (default 450) register at once over two
 * instances of the built service on PostgreSQL and Redis, at the production scrypt cost.
 * Reports hop latency and how many replies were apologies, busy answers or "still working".
 * Bounded: every hop times out after 10 s, the whole storm after STORM_TIMEOUT_MS; it kills
 * only the two servers it started.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execPath } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { recreateDatabase } from './bench-db.js';
import { freePort } from './free-port.js';
import { pgUrl } from './infra.js';
import { benchDir, repoRoot } from './paths.js';
import { runCommand } from './run-command.js';
import { type RunningServer, startServer } from './spawn-server.js';
import { SERVER_ENTRY, SERVICE_ENV, UNSET_ENV, USSD_PATH } from './targets/service.js';
import { postHop } from './ussd-client.js';

const SESSIONS = Number(process.env.STORM_SESSIONS ?? 450);
const TIMEOUT_MS = Number(process.env.STORM_TIMEOUT_MS ?? 180_000);
// A member told "busy" types the same input again after a pause of 1-3 s, a few times at most.
const RETRIES = Number(process.env.STORM_RETRIES ?? 8);
const retryPause = () => 1_000 + Math.random() * 2_000;
const DATABASE = 'sacco_bench_storm';

const APOLOGY = /something went wrong/;
const BUSY = /We are busy right now/;
const LATE = /still working/;
const DONE = /^CON Registration complete!/;

const env: Record<string, string> = {
  ...SERVICE_ENV,
  DATABASE_URL: pgUrl(DATABASE),
  REDIS_KEY_PREFIX: 'bench:storm:',
  // The storm posts hops without a token, as behind an authenticating ingress.
  WEBHOOK_TOKEN_OPTIONAL: 'ingress',
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith('PIN_HASH_') || name === 'HOP_DEADLINE_MS'),
  ),
} as Record<string, string>;

const inputs = ['1', 'Jane Doe', 'Nairobi', '4826', '4826'];
const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

async function main() {
  if (!Number.isInteger(SESSIONS) || SESSIONS < 1 || SESSIONS > 2000) throw new Error('STORM_SESSIONS: 1..2000');
  if ((process.env.BENCH_SKIP_BUILD ?? '') === '') await runCommand('pnpm', ['build'], { cwd: repoRoot });
  await recreateDatabase(DATABASE);
  await runCommand(execPath, ['apps/server/dist/migrate.js'], { cwd: repoRoot, env, unsetEnv: UNSET_ENV });

  const servers: RunningServer[] = [];
  const counts = { hops: 0, apologies: 0, busy: 0, late: 0, registered: 0, gaveUp: 0, failedHops: 0 };
  const latencies: number[] = [];
  const finalLatencies: number[] = [];
  try {
    for (const id of ['storm-a', 'storm-b']) {
      const port = await freePort();
      servers.push(
        await startServer(
          id,
          {
            command: execPath,
            args: [SERVER_ENTRY],
            cwd: repoRoot,
            env: { ...env, PORT: String(port) },
            unsetEnv: UNSET_ENV,
            readyPath: '/readyz',
          },
          port,
        ),
      );
    }
    const stopAt = Date.now() + TIMEOUT_MS;
    const started = Date.now();

    async function hop(url: string, sessionId: string, phoneNumber: string, text: string, last: boolean) {
      const t0 = performance.now();
      const reply = await postHop(url, { sessionId, phoneNumber }, text).catch((error: Error) => ({
        status: 0,
        body: `ERROR ${error.message}`,
      }));
      const ms = performance.now() - t0;
      counts.hops += 1;
      latencies.push(ms);
      if (last) finalLatencies.push(ms);
      if (reply.status !== 200) counts.failedHops += 1;
      if (APOLOGY.test(reply.body)) counts.apologies += 1;
      if (BUSY.test(reply.body)) counts.busy += 1;
      if (LATE.test(reply.body)) counts.late += 1;
      return reply.body;
    }

    async function session(i: number) {
      const server = servers[i % 2] as RunningServer;
      const url = `${server.baseUrl}${USSD_PATH}`;
      const sessionId = `ATUid_storm-${process.pid}-${i}`;
      const phoneNumber = `+254712${String(i).padStart(6, '0')}`;
      let text = '';
      await hop(url, sessionId, phoneNumber, text, false);
      for (const [step, input] of inputs.entries()) {
        const last = step === inputs.length - 1;
        let tries = 0;
        for (;;) {
          if (Date.now() > stopAt) return;
          const next = text === '' ? input : `${text}*${input}`;
          const reply = await hop(url, sessionId, phoneNumber, next, last);
          text = next;
          if (!BUSY.test(reply)) {
            if (last && DONE.test(reply)) counts.registered += 1;
            break;
          }
          if (++tries > RETRIES) {
            counts.gaveUp += 1;
            return;
          }
          await sleep(retryPause());
        }
      }
    }

    await Promise.all(Array.from({ length: SESSIONS }, (_, i) => session(i)));
    const seconds = (Date.now() - started) / 1000;
    const client = new pg.Client({ connectionString: pgUrl(DATABASE) });
    await client.connect();
    const members = Number((await client.query('SELECT count(*) AS n FROM members')).rows[0].n);
    await client.end();

    latencies.sort((a, b) => a - b);
    finalLatencies.sort((a, b) => a - b);
    const report = {
      sessions: SESSIONS,
      instances: 2,
      retriesPerHop: RETRIES,
      scryptCost: Number(env.PIN_SCRYPT_COST ?? 16_384),
      seconds: Number(seconds.toFixed(1)),
      ...counts,
      membersInDatabase: members,
      hopP50Ms: Math.round(percentile(latencies, 50)),
      hopP99Ms: Math.round(percentile(latencies, 99)),
      lastHopP50Ms: Math.round(percentile(finalLatencies, 50)),
      lastHopP99Ms: Math.round(percentile(finalLatencies, 99)),
      hopMaxMs: Math.round(latencies.at(-1) ?? 0),
    };
    console.log(JSON.stringify(report, null, 2));
    mkdirSync(join(benchDir, 'results'), { recursive: true });
    writeFileSync(join(benchDir, 'results', 'storm-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
