import { createHmac } from 'node:crypto';
import formbody from '@fastify/formbody';
import { type Database, PinHashBusyError } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { createBankSessionServices, createIvrMachine, createSessionApp } from '@sacco/journeys';
import { createTurnRunner, type SessionBackend } from '@sacco/ussd';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { cardLanguage, withCallerCards } from './caller-cards.js';
import { type Domain, moneyLimits } from './domain.js';
import type { ServiceMetrics } from './metrics.js';
import { normalisePhone } from './phone.js';
import { type FakeProviders, providerModes } from './providers.js';
import { requestIdHooks, requestIdOf } from './request-id.js';
import { fakeProviderRoutes } from './routes/fake-provider.route.js';
import { healthRoutes } from './routes/health.route.js';
import { metricsRoute } from './routes/metrics.route.js';
import { paymentCallbackRoutes } from './routes/payment-callbacks.route.js';
import { ussdCallbackRoute } from './routes/ussd-callback.route.js';
import { ussdEventsRoute } from './routes/ussd-events.route.js';
import { voiceCallbackRoute } from './routes/voice-callback.route.js';
import { createIvrEngine } from './voice/ivr-channel.js';
import { requireWebhookToken } from './webhook-token.js';

// A member who dials again within this time is greeted from the shared cache, not PostgreSQL.
const CALLER_CARD_TTL_MS = 60_000;

export interface AppDependencies {
  readonly config: Readonly<Config>;
  readonly db: Kysely<Database>;
  readonly sessions: SessionBackend;
  readonly logger: Logger;
  readonly domain: Domain;
  /** The fake providers, once open, when they serve instead of real ones. */
  readonly fakes?: () => FakeProviders | undefined;
  /** The service's metrics: hops are counted, and /metrics is served behind METRICS_TOKEN if set. */
  readonly metrics?: ServiceMetrics;
}

/**
 * Builds the HTTP service from a validated config and its connections. It only builds:
 * `server.ts` listens and shuts down; tests call `inject()`.
 */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, db, sessions, logger, domain } = dependencies;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Request URLs carry the webhook token: the route logs its own line instead.
    // The caller's x-request-id (or a UUID) names the request in every log line and outbox row.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: config.REQUEST_BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
  });
  requestIdHooks(app);

  // The gateway is a client we cannot change: a body it should never send is a plain 400.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(400).send({ error: 'Bad Request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'Internal Server Error', message: 'unexpected error' });
  });

  await app.register(formbody);

  const navigation = { back: config.NAV_BACK, home: config.NAV_HOME, more: config.NAV_MORE };
  const rateLimit = { hops: config.RATE_LIMIT_HOPS, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 };
  const textKey = createHmac('sha256', config.pinPepper).update('ussd-text-key').digest();
  const hashText = (text: string) => createHmac('sha256', textKey).update(text).digest('base64url');
  const cards = {
    cache: sessions.cache,
    ttlMs: CALLER_CARD_TTL_MS,
    keyOf: (phone: string) => hashText(`\u0000card\u0000${phone}`),
  };
  const bankServices = withCallerCards(createBankSessionServices(domain), cards);
  const sessionApp = createSessionApp(
    {
      ...bankServices,
      // A recipient look-up counts toward the caller's hop limit, on the same counter.
      async findRecipient(request) {
        const allowed = await sessions.limiter.hit(`phone:${request.caller}`, rateLimit.hops, rateLimit.windowMs);
        return allowed ? bankServices.findRecipient(request) : { status: 'limited' };
      },
    },
    {
      navigation,
      defaultLanguage: config.DEFAULT_LANGUAGE,
      supportPhone: config.SUPPORT_PHONE,
      lockMinutes: config.PIN_LOCK_MINUTES,
      currency: config.CURRENCY,
      countryCode: config.COUNTRY_CODE,
      limits: moneyLimits(config),
      loanMin: config.LOAN_MIN,
      loanTerms: config.LOAN_TERMS_DAYS,
    },
  );
  const turns = createTurnRunner({
    app: sessionApp,
    backend: sessions,
    hashText,
    sessionTtlMs: config.SESSION_TTL_SECONDS * 1000,
    deadlineMs: config.HOP_DEADLINE_MS,
    screenBudget: config.SCREEN_BUDGET,
    navigation,
    rateLimit,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    callerLanguage: (phone) => cardLanguage(cards, phone),
    refusedBeforeWork: (error) => error instanceof PinHashBusyError,
  });
  app.addHook('onClose', () => domain.pinHashPool.close());
  // Checked on request, before the body is even parsed.
  const gatewayGuard = requireWebhookToken(config.WEBHOOK_TOKEN);

  await app.register(healthRoutes, { db, sessions, timeoutMs: 2_000, providers: providerModes(config) });
  const metrics = dependencies.metrics;
  await app.register(ussdCallbackRoute, {
    turns,
    gatewayGuard,
    stateHeader: config.studio,
    countryCode: config.COUNTRY_CODE,
    ...(metrics === undefined ? {} : { onHop: (outcome, state, seconds) => metrics.hop(outcome, state, seconds) }),
  });
  if (metrics !== undefined && config.METRICS_TOKEN !== undefined) {
    await app.register(metricsRoute, { metrics, token: config.METRICS_TOKEN });
  }
  await app.register(ussdEventsRoute, { db, gatewayGuard, countryCode: config.COUNTRY_CODE });
  await app.register(paymentCallbackRoutes, { money: domain.money, gatewayGuard });
  const ivr = createIvrEngine({
    // The caller's number in any form the gateway sends (national, international, with 00),
    // read as members' phones are stored, so that the member's language is found.
    machine: createIvrMachine(async (raw) => {
      const phone = normalisePhone(raw.trim().replace(/^00/, '+'), config.COUNTRY_CODE);
      return phone === undefined ? undefined : (await domain.members.findByPhone(phone))?.language;
    }),
    backend: sessions,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    // A call lasts longer than a USSD session; its IVR state outlives the call by a little.
    ttlMs: 60 * 60_000,
    deadlineMs: config.HOP_DEADLINE_MS,
    settings: config,
  });
  await app.register(voiceCallbackRoute, {
    config,
    ivr,
    calls: domain.calls,
    gatewayGuard,
    stateHeader: config.studio,
  });
  // The fakes' inspection and decision routes exist only when config chose fakes.
  if (config.fakeProviders.length > 0) {
    await app.register(fakeProviderRoutes, {
      fakes: dependencies.fakes ?? (() => undefined),
      fakeProviders: config.fakeProviders,
      gatewayGuard,
    });
  }
  // Loaded only when on: with the studio off, none of its code (nor the layout engine) is imported.
  // The studio is a development dependency: the production image has none of it.
  if (config.studio) {
    const studio = await import('./routes/studio.route.js').catch((error: unknown) => {
      throw new Error(
        'STUDIO=on, but the studio is not installed: it is a development dependency, left out of ' +
          'production installs. Unset STUDIO, or run from a full `pnpm install`.',
        { cause: error },
      );
    });
    await app.register(studio.studioRoutes, { ...config });
  }
  return app;
}
