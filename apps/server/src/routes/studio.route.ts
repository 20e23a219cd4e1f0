import { createHash, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type Config, timeZoneOf } from '@sacco/config';
import { studioPublicDir } from '@sacco/studio';
import { createChartBook, STUDIO_CHARTS } from '@sacco/studio-core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_CATALOG_DIR, studioMessageRoutes } from './studio-messages.route.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Basic auth on every studio route when a password is set: any user name, this password,
 * compared as fixed-length digests in constant time.
 */
function requirePassword(password: string) {
  const expected = digest(password);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const decoded = scheme?.toLowerCase() === 'basic' ? Buffer.from(encoded ?? '', 'base64').toString('utf8') : '';
    const given = decoded.slice(decoded.indexOf(':') + 1);
    if (decoded.includes(':') && timingSafeEqual(digest(given), expected)) return;
    await reply
      .code(401)
      .header('www-authenticate', 'Basic realm="studio", charset="UTF-8"')
      .send({ error: 'Unauthorized', message: 'the studio needs its password' });
  };
}

export type StudioOptions = Pick<
  Config,
  | 'STUDIO_PASSWORD'
  | 'SERVICE_CODE'
  | 'NAV_BACK'
  | 'NAV_HOME'
  | 'NAV_MORE'
  | 'SCREEN_BUDGET'
  | 'FAKE_PAYMENTS'
  | 'WEBHOOK_TOKEN'
  | 'COUNTRY_CODE'
  | 'CURRENCY'
  | 'UTC_OFFSET_MINUTES'
  | 'AT_VOICE_NUMBER'
  | 'STUDIO_CATALOG_DIR'
  | 'copyEditing'
>;

/**
 * The studio (`GET /studio`): the menus' state charts and a phone simulator that drives the
 * real `POST /ussd/callback`. Its page is plain files from @sacco/studio; the charts are laid
 * out here, once per chart and language, so the page needs nothing from the internet.
 */
export async function studioRoutes(app: FastifyInstance, config: StudioOptions) {
  if (config.STUDIO_PASSWORD !== undefined) app.addHook('onRequest', requirePassword(config.STUDIO_PASSWORD));

  const navigation = { back: config.NAV_BACK, home: config.NAV_HOME, more: config.NAV_MORE };
  const book = createChartBook(STUDIO_CHARTS, { navigation, budget: config.SCREEN_BUDGET });
  // Only the files that ship with the page can be asked for: no path ever reaches the disk.
  const files = new Set((await readdir(studioPublicDir)).filter((name) => CONTENT_TYPES[extname(name)] !== undefined));

  const sendFile = async (reply: FastifyReply, name: string) => {
    const body = await readFile(join(studioPublicDir, name));
    return reply
      .type(CONTENT_TYPES[extname(name)] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .send(body);
  };

  app.get('/studio', async (_request, reply) => reply.redirect('/studio/'));
  app.get('/studio/', async (_request, reply) => sendFile(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/studio/assets/:file', async (request, reply) => {
    if (!files.has(request.params.file)) return reply.code(404).send({ error: 'Not Found', message: 'no such file' });
    return sendFile(reply, request.params.file);
  });

  app.get('/studio/api/settings', async () => ({
    serviceCode: config.SERVICE_CODE,
    countryCode: config.COUNTRY_CODE,
    // The page writes money in this currency and times in the institution's zone, not the browser's.
    currency: config.CURRENCY,
    timeZone: timeZoneOf(config.UTC_OFFSET_MINUTES),
    // The number a call-back comes from, as the handset shows it (null: none configured).
    voiceNumber: config.AT_VOICE_NUMBER ?? null,
    navigation,
    screenBudget: config.SCREEN_BUDGET,
    fakePayments: config.FAKE_PAYMENTS,
    // Whether the gateway routes want `?token=`; never the token itself.
    tokenRequired: config.WEBHOOK_TOKEN !== undefined,
    // Whether the details panel offers to edit texts (studio on, not production).
    copyEditing: config.copyEditing,
  }));
  app.get('/studio/api/charts', async () => book.list());
  await studioMessageRoutes(app, {
    book,
    copyEditing: config.copyEditing,
    catalogDir: config.STUDIO_CATALOG_DIR ?? DEFAULT_CATALOG_DIR,
    passwordProtected: config.STUDIO_PASSWORD !== undefined,
  });
  app.get<{ Params: { file: string }; Querystring: { lang?: string; faults?: string } }>(
    '/studio/api/charts/:file',
    async (request, reply) => {
      const match = /^([\w-]+)\.(svg|json)$/.exec(request.params.file);
      const [, id = '', format] = match ?? [];
      if (format === 'json') {
        const details = book.details(id);
        if (details !== undefined) return details;
      } else if (format === 'svg') {
        // Failure, locked and error transitions are folded into a badge per state unless asked for.
        const faults = request.query.faults === 'shown';
        const svg = await book.svg(id, request.query.lang ?? 'en', { faults });
        if (svg !== undefined) return reply.type(CONTENT_TYPES['.svg'] as string).send(svg);
      }
      return reply.code(404).send({ error: 'Not Found', message: 'no such chart or language' });
    },
  );
}
