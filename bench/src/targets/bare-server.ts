/**
 * The floor: what one hop costs with nothing but Fastify, form parsing and the two Redis
 * round trips every session-keeping USSD server needs (read the session, write it back).
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { connectRedis, onShutdown, SESSION_TTL_MS, serverEnv } from './server-env.js';

const env = serverEnv();
const redis = connectRedis(env.redisUrl);
const app = Fastify({ logger: false });
await app.register(formbody);

app.get('/healthz', async () => 'ok');

app.post('/hop', async (request, reply) => {
  const body = request.body as Record<string, string | undefined>;
  const { sessionId, text } = body;
  if (sessionId === undefined || sessionId === '') {
    return reply.code(400).type('text/plain').send('END missing sessionId');
  }
  const key = `bench:bare:${sessionId}`;
  const previous = await redis.get(key);
  await redis.set(key, `${previous ?? ''}|${text ?? ''}`, 'PX', SESSION_TTL_MS);
  return reply.type('text/plain').send('CON ok');
});

await redis.ping();
await app.listen({ port: env.port, host: env.host });

onShutdown(async () => {
  await app.close();
  await redis.quit();
});
