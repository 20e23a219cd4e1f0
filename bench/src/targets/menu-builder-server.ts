/**
 * The usual way to build a USSD app in Node: ussd-menu-builder on Express, sessions in Redis.
 * Replies in Africa's Talking format, as the library produces it ('CON ...' / 'END ...').
 */
import express from 'express';
import type UssdMenu from 'ussd-menu-builder';
import { buildMenu } from './menu-builder-menu.js';
import { connectRedis, onShutdown, serverEnv } from './server-env.js';

const env = serverEnv();
const redis = connectRedis(env.redisUrl);
const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/healthz', (_req, res) => {
  res.type('text/plain').send('ok');
});

app.post('/ussd', (req, res) => {
  const body = (req.body ?? {}) as Record<string, string | undefined>;
  const args: UssdMenu.UssdGatewayArgs = {
    sessionId: body.sessionId ?? '',
    serviceCode: body.serviceCode ?? '',
    phoneNumber: body.phoneNumber ?? '',
    text: body.text ?? '',
  };
  if (args.sessionId === '') {
    res.status(400).type('text/plain').send('END missing sessionId');
    return;
  }
  const menu = buildMenu(redis);
  // The library reports unknown states and failed session calls only through this event;
  // without a listener the request would hang (and an 'error' event would crash the process).
  menu.on('error', (err: Error) => {
    console.error('menu error:', err.message);
    if (!res.headersSent) res.status(500).type('text/plain').send('END Service unavailable');
  });
  menu.run(args).then((reply) => {
    if (!res.headersSent) res.type('text/plain').send(reply);
  });
});

// A rejected session hook surfaces twice (the 'error' event above and an orphaned promise in
// the library); the event already answered, so the orphan only needs logging, not a crash.
process.on('unhandledRejection', (err) => console.error('unhandled rejection:', err));

await redis.ping();
const server = app.listen(env.port, env.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});

onShutdown(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await redis.quit();
});
