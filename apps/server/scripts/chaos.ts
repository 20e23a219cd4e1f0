// `pnpm test:chaos`: two service processes on one PostgreSQL database and one Redis, behind a
// small round-robin proxy that alternates each session's hops between them; sessions of every
// money journey in flight while one process is killed (SIGKILL) at random moments and started
// again, and Redis is restarted once. Then: every hop was answered with a proper screen, the
// outbox drains, each payment settles once, and the ledger's invariants hold.
//
// Bounded: 90 s at most (a hard deadline ends it as a failure). It talks
// only to 127.0.0.1, uses a database and a Redis of its own (a private redis-server on a free
// port, which it starts and stops), and kills only the processes it started, by pid.
//   pnpm test:chaos [--result <file>]   (the file gets {"passed":n,"failed":n} for CI's summary)
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createOperationsService, ledgerHolds } from '@sacco/bank';
import {
  backdateEntries,
  createTestDatabase,
  fund as fundWallet,
  type TestDatabase,
  walletIdOf,
} from '@sacco/bank/testing';
import { sql } from 'kysely';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const HARD_DEADLINE_MS = 90_000;
const CHAOS_MS = 30_000;
/** No kill in the last seconds of the chaos: the outbox lease (30 s) must run out in the drain. */
const LAST_KILL_BEFORE_END_MS = 6_000;
const DRAIN_MS = 40_000;
const MEMBERS = 10;
const CONCURRENCY = 6;
const PIN = '4826';

const started = Date.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (line: string) => console.error(`chaos ${elapsed()} ${line}`);

const resultFile = (() => {
  const at = process.argv.indexOf('--result');
  return at === -1 ? undefined : process.argv[at + 1];
})();

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });

// Every process this run starts, so that whatever happens none outlives it.
const children = new Set<ChildProcess>();
function killAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
process.once('exit', killAll);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });
}

/** Error log lines of the instances, by message (printed with CHAOS_DEBUG). */
const errorLines = new Map<string, number>();

function track(child: ChildProcess, name: string, tail: string[]) {
  children.add(child);
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString('utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      if (!line.startsWith('{"level":50') && !line.startsWith('{"level":40')) continue;
      try {
        const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        const key = `${parsed.msg}: ${parsed.err?.message?.slice(0, 100) ?? ''}`;
        errorLines.set(key, (errorLines.get(key) ?? 0) + 1);
      } catch {}
    }
    tail.push(...lines);
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => children.delete(child));
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
}

/** A redis-server of this run's own, on a free port: restarting it disturbs nobody else. */
function privateRedis(port: number) {
  let child: ChildProcess | undefined;
  const tail: string[] = [];
  return {
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      track(child, 'redis-server', tail);
      for (let i = 0; i < 50 && !(await answers(port)); i++) await sleep(100);
      if (!(await answers(port))) throw new Error(`redis-server does not answer on ${port}: ${tail.join('\n')}`);
    },
    async stop() {
      const running = child;
      if (running === undefined || running.exitCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await gone;
    },
  };
}

interface Instance {
  readonly index: number;
  readonly port: number;
  child?: ChildProcess;
  readonly tail: string[];
}

async function startInstance(instance: Instance, env: NodeJS.ProcessEnv): Promise<void> {
  // node itself, not pnpm: SIGKILL must hit the server, and nothing may be left behind.
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/server/src/server.ts'], {
    cwd: root,
    env: { ...env, PORT: String(instance.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  instance.child = child;
  track(child, `service ${instance.index}`, instance.tail);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service ${instance.index} exited: ${instance.tail.join('\n')}`);
    const ok = await fetch(`http://127.0.0.1:${instance.port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`service ${instance.index} did not become healthy: ${instance.tail.join('\n')}`);
}

async function kill(instance: Instance): Promise<void> {
  const child = instance.child;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

const readBody = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });

interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function forward(port: number, incoming: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const headers = { ...incoming.headers, host: `127.0.0.1:${port}`, 'content-length': String(body.length) };
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers, timeout: 15_000 },
      (response) => {
        readBody(response).then((data) => {
          const kept: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string' && !['connection', 'transfer-encoding', 'keep-alive'].includes(name)) {
              kept[name] = value;
            }
          }
          resolve({ status: response.statusCode ?? 502, headers: kept, body: data });
        }, reject);
      },
    );
    outgoing.once('timeout', () => outgoing.destroy(new Error('upstream timeout')));
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

/**
 * The load balancer: each session's hops alternate between the instances; a request whose
 * instance is gone (refused, reset) is sent to the other, as a balancer retries a dead backend.
 */
function roundRobinProxy(ports: readonly number[], stats: { retries: number }) {
  const hopsOf = new Map<string, number>();
  let next = 0;
  return createServer(async (incoming, reply) => {
    const body = await readBody(incoming);
    let pick: number;
    const sessionId = incoming.url?.startsWith('/ussd/callback')
      ? new URLSearchParams(body.toString('utf8')).get('sessionId')
      : null;
    if (sessionId !== null) {
      const count = hopsOf.get(sessionId) ?? next++;
      hopsOf.set(sessionId, count + 1);
      pick = count;
    } else {
      pick = next++;
    }
    for (let attempt = 0; attempt < 80; attempt++) {
      const port = ports[(pick + attempt) % ports.length] as number;
      try {
        const answer = await forward(port, incoming, body);
        reply.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      } catch {
        stats.retries++;
        if (attempt % ports.length === ports.length - 1) await sleep(150);
      }
    }
    reply.writeHead(502).end('no backend');
  });
}

type Journey = 'deposit' | 'withdraw' | 'send' | 'airtime' | 'loan' | 'loan-repay';
const JOURNEYS: readonly Journey[] = ['deposit', 'withdraw', 'send', 'airtime', 'loan', 'loan-repay'];

const localNumber = (phone: string) => `0${phone.slice(4)}`;
function inputsOf(journey: Journey, recipient: string): string[] {
  switch (journey) {
    case 'deposit':
      return ['1', String(100 + Math.floor(Math.random() * 900)), '1'];
    case 'withdraw':
      return ['2', '100', PIN, '1'];
    case 'send':
      return ['3', localNumber(recipient), '1', '50', PIN, '1'];
    case 'airtime':
      return ['4', '1', '20', PIN, '1'];
    case 'loan':
      return ['5', '1', '500', '1', '1', PIN, '1'];
    case 'loan-repay':
      return ['5', '2', '2', '20', '1'];
  }
}

interface Tally {
  hops: number;
  sessions: number;
  ended: number;
  apologies: number;
  open: number;
  improper: string[];
  byJourney: Record<string, number>;
  apologyKinds: Record<string, number>;
  openScreens: Record<string, number>;
}

const APOLOGY = /^END (Sorry, something went wrong|We are busy right now)/;

async function runSession(proxyUrl: string, phone: string, recipient: string, journey: Journey, tally: Tally) {
  const sessionId = `ATUid_chaos_${Math.random().toString(36).slice(2)}`;
  const inputs = inputsOf(journey, recipient);
  tally.sessions++;
  tally.byJourney[journey] = (tally.byJourney[journey] ?? 0) + 1;
  let text = '';
  let last = '';
  for (let step = 0; step <= inputs.length; step++) {
    if (step > 0) text = text === '' ? (inputs[step - 1] as string) : `${text}*${inputs[step - 1]}`;
    const response = await fetch(`${proxyUrl}/ussd/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        sessionId,
        serviceCode: '*384*303#',
        phoneNumber: phone,
        networkCode: '63902',
        text,
      }),
      signal: AbortSignal.timeout(20_000),
    }).catch((error: unknown) => error as Error);
    tally.hops++;
    if (response instanceof Error) {
      tally.improper.push(`${journey} hop ${step}: ${response.message}`);
      return;
    }
    last = await response.text();
    if (response.status !== 200 || !/^(CON|END) \S/.test(last)) {
      tally.improper.push(`${journey} hop ${step}: HTTP ${response.status} ${last.slice(0, 60)}`);
      return;
    }
    if (last.startsWith('END ')) break;
  }
  if (APOLOGY.test(last)) {
    tally.apologies++;
    const kind = last.startsWith('END Sorry') ? 'sorry' : 'busy';
    tally.apologyKinds[kind] = (tally.apologyKinds[kind] ?? 0) + 1;
  }
  if (last.startsWith('END ')) tally.ended++;
  else {
    tally.open++;
    const screen = `${journey}: ${last.split('\n')[0]}`;
    tally.openScreens[screen] = (tally.openScreens[screen] ?? 0) + 1;
  }
}

async function register(proxyUrl: string, phone: string) {
  const sessionId = `ATUid_chaos_reg_${phone.slice(-4)}`;
  let text = '';
  for (const input of [null, '1', 'Jane Doe', 'Nairobi', PIN, PIN]) {
    if (input !== null) text = text === '' ? input : `${text}*${input}`;
    const response = await fetch(`${proxyUrl}/ussd/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sessionId, serviceCode: '*384*303#', phoneNumber: phone, text }),
    });
    const reply = await response.text();
    if (!reply.startsWith('CON ')) throw new Error(`registration of ${phone} answered ${reply}`);
  }
}

async function fund(database: TestDatabase, phone: string, shillings: bigint) {
  const db = database.db;
  const member = await db.selectFrom('members').select('id').where('phone', '=', phone).executeTakeFirstOrThrow();
  await fundWallet(db, await walletIdOf(db, member.id), shillings * 100n, `chaos-fund:${phone}`);
  // Saved for two months: the loan offer looks at the average balance, so members can borrow.
  await backdateEntries(db, { idempotencyKey: `chaos-fund:${phone}` }, new Date(Date.now() - 60 * 86_400_000));
}

async function main(): Promise<boolean> {
  let database: TestDatabase | undefined;
  let proxy: Server | undefined;
  const instances: Instance[] = [];
  const redisPort = await freePort();
  const redis = privateRedis(redisPort);
  const proxyStats = { retries: 0 };
  let kills = 0;
  let redisRestarts = 0;
  try {
    database = await createTestDatabase();
    await redis.start();

    const ports = [await freePort(), await freePort()];
    const proxyPort = await freePort();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    proxy = roundRobinProxy(ports, proxyStats);
    await new Promise<void>((resolve) => proxy?.listen(proxyPort, '127.0.0.1', resolve));

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_KEY_PREFIX: 'chaos:',
      PIN_PEPPER: 'chaos-pepper-0123456789abcdef',
      PIN_SCRYPT_COST: '1024',
      WEBHOOK_TOKEN_OPTIONAL: 'ingress',
      RATE_LIMIT_HOPS: '1000000',
      LOAN_MIN_MEMBERSHIP_DAYS: '0',
      // The fakes run inside each instance (production config refuses real M-Pesa with fake
      // Africa's Talking); their callbacks come back through the proxy, to whichever instance
      // is alive. A request whose instance died with its fake is settled by the resolver.
      PUBLIC_BASE_URL: proxyUrl,
      FAKE_PROVIDERS: 'all',
      FAKE_PAYMENTS_DELAY_MS: '50',
      OUTBOX_POLL_MS: '100',
      PAYMENT_CHECK_INTERVAL_MS: '500',
      PAYMENT_PROMPT_WINDOW_SECONDS: '3',
      HOP_DEADLINE_MS: '4000',
    };
    for (const [index, port] of ports.entries()) instances.push({ index, port: port as number, tail: [] });
    await Promise.all(instances.map((instance) => startInstance(instance, env)));
    say(`two instances up on ${ports.join(', ')}, proxy ${proxyPort}, redis ${redisPort}`);

    const phones = Array.from({ length: MEMBERS }, (_, i) => `+2547119${String(i).padStart(5, '0')}`);
    for (const phone of phones) await register(proxyUrl, phone);
    for (const phone of phones) await fund(database, phone, 20_000n);
    say(`${MEMBERS} members registered and funded`);

    // The chaos: sessions in flight, kills and restarts, one Redis restart.
    const tally: Tally = {
      hops: 0,
      sessions: 0,
      ended: 0,
      apologies: 0,
      open: 0,
      improper: [],
      byJourney: {},
      apologyKinds: {},
      openScreens: {},
    };
    const chaosEnds = Date.now() + CHAOS_MS;
    const users = Array.from({ length: CONCURRENCY }, async (_, user) => {
      let turn = user;
      while (Date.now() < chaosEnds) {
        const from = Math.floor(Math.random() * MEMBERS);
        const journey = JOURNEYS[turn++ % JOURNEYS.length] as Journey;
        await runSession(proxyUrl, phones[from] as string, phones[(from + 1) % MEMBERS] as string, journey, tally);
        // A moment between sessions, as between people: an outage is not a thousand dials a second.
        await sleep(random(20, 120));
      }
    });
    const killer = (async () => {
      const firstVictim = Math.floor(Math.random() * instances.length);
      while (Date.now() < chaosEnds - LAST_KILL_BEFORE_END_MS) {
        await sleep(random(1_500, 4_500));
        if (Date.now() >= chaosEnds - LAST_KILL_BEFORE_END_MS) break;
        // Each in turn, from a random one: both get killed over the run.
        const victim = instances[(firstVictim + kills) % instances.length] as Instance;
        await kill(victim);
        kills++;
        await sleep(random(200, 1_500));
        await startInstance(victim, env);
        say(`instance ${victim.index} killed and restarted`);
      }
    })();
    // Redis goes away once, at a random moment of the middle of the run, and comes back.
    const redisRestart = (async () => {
      await sleep(random(CHAOS_MS * 0.3, CHAOS_MS * 0.6));
      await redis.stop();
      await sleep(random(300, 1_000));
      await redis.start();
      redisRestarts++;
      say('redis restarted');
    })();
    await Promise.all([...users, killer, redisRestart]);
    say(`chaos over: ${tally.sessions} sessions, ${tally.hops} hops`);

    // The settling: both instances up, the outbox drained, every mobile-money payment final.
    const db = database.db;
    const drainEnds = Date.now() + DRAIN_MS;
    let unfinished = { outbox: -1, payments: -1 };
    while (Date.now() < drainEnds) {
      const outbox = await db
        .selectFrom('outbox')
        .select(db.fn.countAll<string>().as('n'))
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirstOrThrow();
      const payments = await db
        .selectFrom('payments')
        .select(db.fn.countAll<string>().as('n'))
        .where('status', '=', 'pending')
        .where('kind', '!=', 'airtime')
        .executeTakeFirstOrThrow();
      unfinished = { outbox: Number(outbox.n), payments: Number(payments.n) };
      if (unfinished.outbox === 0 && unfinished.payments === 0) break;
      await sleep(500);
    }

    const states = await db
      .selectFrom('payments')
      .select(['kind', 'status', db.fn.countAll<string>().as('n')])
      .groupBy(['kind', 'status'])
      .execute();
    // Settled once: no payment both settled and reversed, none credited twice.
    const { rows: twice } = await sql<{ id: string }>`
      select p.id from payments p join journal_entries e
        on e.idempotency_key in ('payment:' || p.id || ':settle', 'payment:' || p.id || ':reverse', 'deposit:' || p.id)
      group by p.id having count(*) > 1`.execute(db);
    const ledger = await createOperationsService({ db }).auditLedger();
    const loans = await db.selectFrom('loans').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const inDoubt = await db
      .selectFrom('payments')
      .select(db.fn.countAll<string>().as('n'))
      .where('status', '=', 'in_doubt')
      .where('kind', '!=', 'airtime')
      .executeTakeFirstOrThrow();
    const failedOutbox = await db
      .selectFrom('outbox')
      .select(db.fn.countAll<string>().as('n'))
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();

    const problems = [
      ...tally.improper.slice(0, 5),
      ...(tally.improper.length > 5 ? [`and ${tally.improper.length - 5} more improper replies`] : []),
      ...(unfinished.outbox > 0 ? [`outbox not drained: ${unfinished.outbox} pending or sending`] : []),
      ...(unfinished.payments > 0 ? [`${unfinished.payments} mobile-money payments still pending`] : []),
      // The fakes live inside the instances: a request whose fake was killed with its instance is
      // unknown to every provider left, so the payment is honestly in doubt (an operator's). A few
      // per kill at most; more would mean the service itself loses track.
      ...(Number(inDoubt.n) > kills * 3 ? [`${inDoubt.n} payments in doubt after ${kills} kills`] : []),
      ...(twice.length > 0 ? [`${twice.length} payments settled more than once`] : []),
      ...ledger
        .filter((check) => check.count > 0)
        .map((check) => `ledger: ${check.name}: ${check.violations.join('; ')}`),
      ...(tally.sessions < 20 ? [`only ${tally.sessions} sessions ran`] : []),
      ...(kills === 0 ? ['no instance was killed'] : []),
      ...(redisRestarts !== 1 ? ['redis was not restarted'] : []),
      // Every money journey really ran: each kind of payment succeeded at least once, and loans were lent.
      ...['deposit', 'payout', 'airtime', 'loan_repayment']
        .filter((kind) => !states.some((row) => row.kind === kind && row.status === 'succeeded'))
        .map((kind) => `no ${kind} payment succeeded`),
      ...(Number(loans.n) === 0 ? ['no loan was disbursed'] : []),
    ];
    const paymentLine = states.map((row) => `${row.kind} ${row.status} ${row.n}`).join(', ');
    const loanLine = `${loans.n} loans`;
    const ok = problems.length === 0 && ledgerHolds(ledger);
    console.log(
      `chaos ${ok ? 'passed' : 'FAILED'}: ${kills} kills, ${redisRestarts} redis restart, ${tally.hops} hops, ` +
        `${tally.sessions} sessions (${Object.entries(tally.byJourney)
          .map(([journey, n]) => `${journey} ${n}`)
          .join(', ')}; ${tally.ended} ended, ${tally.apologies} apologies, ${tally.open} left on a menu), ` +
        `${proxyStats.retries} proxy retries, payments [${paymentLine}], ${loanLine}, ${failedOutbox.n} outbox failed, ` +
        `ledger ${ledgerHolds(ledger) ? 'holds' : 'BROKEN'}, ${elapsed()}`,
    );
    for (const problem of problems) console.log(`  problem: ${problem}`);
    if (process.env.CHAOS_DEBUG !== undefined) {
      const doubts = await db
        .selectFrom('payments')
        .select(['kind', 'doubt_reason', db.fn.countAll<string>().as('n')])
        .where('status', '=', 'in_doubt')
        .groupBy(['kind', 'doubt_reason'])
        .execute();
      console.log('  left on:', JSON.stringify(tally.openScreens));
      console.log(
        '  apologies:',
        JSON.stringify(tally.apologyKinds),
        'in doubt:',
        JSON.stringify(doubts.map((row) => ({ ...row, n: String(row.n) }))),
      );
      for (const [line, n] of [...errorLines].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n} x ${line}`);
    }
    return ok;
  } finally {
    await Promise.all(instances.map(kill));
    await redis.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    proxy?.closeAllConnections();
    await database?.drop().catch(() => undefined);
  }
}

const deadline = setTimeout(() => {
  console.log(`chaos FAILED: still running after ${HARD_DEADLINE_MS / 1000} s`);
  if (resultFile !== undefined) writeFileSync(resultFile, JSON.stringify({ passed: 0, failed: 1 }));
  killAll();
  process.exit(1);
}, HARD_DEADLINE_MS);
deadline.unref();

const ok = await main().catch((error: unknown) => {
  console.log(`chaos FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return false;
});
if (resultFile !== undefined) writeFileSync(resultFile, JSON.stringify({ passed: ok ? 1 : 0, failed: ok ? 0 : 1 }));
killAll();
process.exit(ok ? 0 : 1);
