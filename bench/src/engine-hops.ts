/**
 * The session engine alone, in process: the USSD turn runner with the real session app over
 * the in-memory store, the bench's flow (dial, My account, back, My account, home) with a
 * member found at once. No HTTP, no Redis, no PostgreSQL: what a hop costs the engine.
 *
 * `node --conditions=source --import tsx bench/src/engine-hops.ts` (ENGINE_HOPS, default 50,000;
 * add --cpu-prof to profile it). `ENGINE_REDIS=redis://127.0.0.1:6379` keeps the sessions in
 * that Redis instead, with the service's client options: the engine and its Redis client, still
 * without HTTP (one hop at a time, so no two hops share a pipeline).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createSessionApp } from '../../packages/journeys/src/index.js';
import { STUDIO_SETTINGS } from '../../packages/journeys/src/studio-samples.js';
import {
  createMemorySessionBackend,
  createRedisSessionBackend,
  createTurnRunner,
} from '../../packages/ussd/src/index.js';
import { SERVICE_FLOW } from './targets/service.js';

const member = { id: 'c8c789a0-f61a-475b-92e1-2d6a7241a66e', name: 'Jane Doe', language: 'en' as const };
const services = new Proxy(
  { lookUpCaller: async () => ({ status: 'member' as const, member }) },
  {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      return async () => {
        throw new Error(`${String(name)} is not part of the flow`);
      };
    },
  },
) as unknown as Parameters<typeof createSessionApp>[0];

const redisUrl = process.env.ENGINE_REDIS;
const redis =
  redisUrl === undefined ? undefined : new Redis(redisUrl, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
const prefix = `bench:engine:${randomUUID()}:`;
const backend = redis === undefined ? createMemorySessionBackend() : createRedisSessionBackend(redis, prefix);

const textKey = createHmac('sha256', 'pepper').update('ussd-text-key').digest();
const turns = createTurnRunner({
  app: createSessionApp(services, STUDIO_SETTINGS),
  backend,
  hashText: (text) => createHmac('sha256', textKey).update(text).digest('base64url'),
  sessionTtlMs: 120_000,
  deadlineMs: 5_000,
  screenBudget: 182,
  navigation: STUDIO_SETTINGS.navigation,
  rateLimit: { hops: 1e9, windowMs: 60_000 },
  defaultLanguage: 'en',
  // As the service has it: an effect's refusal is watched for on every hop.
  refusedBeforeWork: process.env.NO_INSPECT
    ? undefined
    : (error) => error instanceof Error && error.name === 'PinHashBusyError',
});

async function session(n: number) {
  for (const step of SERVICE_FLOW) {
    const result = await turns.run({
      sessionId: `s${n}`,
      phoneNumber: `+2547110000${String(n % 20).padStart(2, '0')}`,
      serviceCode: '*384*1#',
      networkCode: '63902',
      text: step.text,
    });
    if (!step.expect.test(result.reply)) throw new Error(`${step.text}: ${result.reply}`);
  }
}

const hops = Number(process.env.ENGINE_HOPS ?? 50_000);
// Sessions played at once (ENGINE_CONCURRENCY, default 1): with Redis, 50 is the HTTP bench's load.
const concurrency = Number(process.env.ENGINE_CONCURRENCY ?? 1);
const sessions = Math.ceil(hops / SERVICE_FLOW.length);

/** Plays sessions `from` to `to` - 1, `concurrency` at a time. */
async function play(from: number, to: number) {
  let next = from;
  const lane = async () => {
    while (next < to) await session(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

await play(-2_000, 0);
const cpu = process.cpuUsage();
const started = performance.now();
await play(0, sessions);
const used = process.cpuUsage(cpu);
const hopsRun = sessions * SERVICE_FLOW.length;
console.log(
  `${hopsRun} hops: ${(((performance.now() - started) * 1000) / hopsRun).toFixed(1)} µs/hop wall, ` +
    `${((used.user + used.system) / hopsRun).toFixed(1)} µs/hop CPU`,
);

if (redis !== undefined) {
  // The run's sessions and counters, in batches: there are tens of thousands.
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
