import { createOutboxWorker, type OutboxHandler } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { PermanentGatewayError } from '@sacco/gateways';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { closeListening } from './close-listening.js';
import { archiveOutbox, startDailyJobs } from './daily-jobs.js';
import { checkPolicy, createDomain } from './domain.js';
import { createEffectHandlers } from './effects/effect-handlers.js';
import { createPaymentResolver } from './effects/payment-resolver.js';
import { createMetrics, instrumentPinHasher, instrumentPort, type ServiceMetrics } from './metrics.js';
import { openProviders, type Providers, providerModes } from './providers.js';
import { metricsRoute } from './routes/metrics.route.js';
import type { Runtime } from './runtime.js';

export interface ServiceOptions {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly runtime: Runtime;
  /** Where to listen; defaults to the configured PORT and HOST. */
  readonly port?: number;
  readonly host?: string;
  /** The metrics to record into; by default a registry of this service's own. */
  readonly metrics?: ServiceMetrics;
}

/**
 * The whole service: the HTTP app, listening; the providers (real or fake), whose callbacks
 * need the app's address; and the outbox worker that delivers effects through them.
 */
export async function startService(options: ServiceOptions) {
  const { config, logger, runtime } = options;
  let wakeWorker = () => {};
  let providers: Providers | undefined;
  const metrics = options.metrics ?? createMetrics({ db: runtime.db, ...(runtime.pool ? { pool: runtime.pool } : {}) });
  const countRedisError = () => metrics.redisError();
  runtime.redis?.on('error', countRedisError);

  // What a person must look at now: logged at error level with `alert`, for the log-based alerts.
  const domain = createDomain(config, runtime.db, {
    onQueued: () => wakeWorker(),
    onAlert: (alert) =>
      logger.error({ alert: `payment-${alert.kind}`, ...alert, amount: alert.amount.toString() }, alert.reason),
    wrapPinHasher: (hasher) => instrumentPinHasher(hasher, metrics.pinHash),
  });
  const app: FastifyInstance = await buildApp({
    config,
    db: runtime.db,
    sessions: runtime.sessions,
    logger,
    domain,
    fakes: () => providers?.fakes,
    metrics,
  });
  await app.listen({ port: options.port ?? config.PORT, host: options.host ?? config.HOST });

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  const localHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const localUrl = `http://${localHost}:${port}`;
  providers = await openProviders(config, config.PUBLIC_BASE_URL ?? localUrl, logger);
  if (config.fakeProviders.length > 0) {
    // Loud on purpose: a fake answers like the real provider, and nothing real happens.
    logger.warn(
      { providers: providerModes(config), fakeProviders: config.fakeProviders },
      `FAKE PROVIDERS IN USE (${config.fakeProviders.join(', ')}): no real payment, SMS or airtime for those`,
    );
  }

  // A scrape port of its own, when configured: nothing else is served there.
  let metricsServer: FastifyInstance | undefined;
  if (config.METRICS_PORT !== undefined) {
    metricsServer = Fastify({ logger: false });
    await metricsServer.register(metricsRoute, { metrics });
    await metricsServer.listen({ port: config.METRICS_PORT, host: options.host ?? config.HOST });
  }

  // Every provider call is counted and timed, by provider, operation and outcome.
  const classify = (error: unknown) => (error instanceof PermanentGatewayError ? 'permanent' : 'error');
  const ports = {
    sms: instrumentPort(providers.ports.sms, 'sms', metrics, classify),
    airtime: instrumentPort(providers.ports.airtime, 'airtime', metrics, classify),
    mobileMoney: instrumentPort(providers.ports.mobileMoney, 'mobile_money', metrics, classify),
    voice: instrumentPort(providers.ports.voice, 'voice', metrics, classify),
  };
  const handlers = countEffects(
    createEffectHandlers({
      money: domain.money,
      calls: domain.calls,
      ports,
      serviceCode: config.SERVICE_CODE,
      accountReference: 'SACCO',
    }),
    metrics,
  );
  const worker = createOutboxWorker({
    db: runtime.db,
    handlers,
    isPermanent: (error) => error instanceof PermanentGatewayError,
    pollMs: config.OUTBOX_POLL_MS,
    onError: (message, error, final) => {
      metrics.effect(message.kind, final ? 'failed' : 'retry');
      logger.warn(
        { outboxId: message.id.toString(), kind: message.kind, attempt: message.attempts, final, err: error },
        'outbox delivery failed',
      );
    },
  });
  wakeWorker = () => worker.wake();
  worker.start();

  const resolver = createPaymentResolver({
    money: domain.money,
    mobileMoney: ports.mobileMoney,
    policy: checkPolicy(config),
    logger,
    intervalMs: config.PAYMENT_CHECK_INTERVAL_MS,
  });
  resolver.start();

  // The daily jobs run once a day across all instances, from LOAN_JOB_LOCAL_HOUR local time.
  const dailyJobs = startDailyJobs({
    db: runtime.db,
    lock: !config.embedded,
    utcOffsetMinutes: config.UTC_OFFSET_MINUTES,
    localHour: config.LOAN_JOB_LOCAL_HOUR,
    jobs: {
      loans: () => domain.loans.runDailyJob(),
      'outbox-archive': async () => {
        const archived = await archiveOutbox(runtime.db, config.OUTBOX_RETENTION_DAYS);
        metrics.archived(archived);
        return { archived };
      },
    },
    onRun: (job, outcome, error) => {
      metrics.dailyJob(job, outcome);
      if (outcome === 'failed') logger.error({ job, err: error }, 'daily job failed');
      else if (outcome === 'ran') logger.info({ job }, 'daily job ran');
    },
  });

  const openedProviders = providers;
  return {
    app,
    domain,
    providers: openedProviders,
    worker,
    resolver,
    localUrl,
    metrics,
    dailyJobs,
    /**
     * Stops in the order that loses nothing: no new requests, the hops in flight answered
     * (Fastify waits for them), then the worker's current batch and the resolver's checks.
     */
    async close() {
      runtime.redis?.off('error', countRedisError);
      await closeListening(app);
      if (metricsServer !== undefined) await closeListening(metricsServer);
      await Promise.all([worker.stop(), resolver.stop(), dailyJobs.stop()]);
      await openedProviders.close();
    },
  };
}

export type Service = Awaited<ReturnType<typeof startService>>;

/** Counts each delivered effect by kind (failures are counted where the worker reports them). */
function countEffects(
  handlers: Readonly<Record<string, OutboxHandler>>,
  metrics: ServiceMetrics,
): Record<string, OutboxHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      {
        ...handler,
        async deliver(message) {
          await handler.deliver(message);
          metrics.effect(kind, 'delivered');
        },
      } satisfies OutboxHandler,
    ]),
  );
}
