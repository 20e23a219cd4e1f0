import { createOutboxWorker } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { PermanentGatewayError } from '@sacco/gateways';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { checkPolicy, createDomain } from './domain.js';
import { createEffectHandlers } from './effects/effect-handlers.js';
import { createPaymentResolver } from './effects/payment-resolver.js';
import { openProviders, type Providers, providerModes } from './providers.js';
import type { Runtime } from './runtime.js';

export interface ServiceOptions {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly runtime: Runtime;
  /** Where to listen; defaults to the configured PORT and HOST. */
  readonly port?: number;
  readonly host?: string;
}

/**
 * The whole service: the HTTP app, listening; the providers (real or fake), whose callbacks
 * need the app's address; and the outbox worker that delivers effects through them.
 */
export async function startService(options: ServiceOptions) {
  const { config, logger, runtime } = options;
  let wakeWorker = () => {};
  let providers: Providers | undefined;

  // What a person must look at now: logged at error level with `alert`, for the log-based alerts.
  const domain = createDomain(config, runtime.db, {
    onQueued: () => wakeWorker(),
    onAlert: (alert) =>
      logger.error({ alert: `payment-${alert.kind}`, ...alert, amount: alert.amount.toString() }, alert.reason),
  });
  const app: FastifyInstance = await buildApp({
    config,
    db: runtime.db,
    sessions: runtime.sessions,
    logger,
    domain,
    fakes: () => providers?.fakes,
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

  const worker = createOutboxWorker({
    db: runtime.db,
    handlers: createEffectHandlers({
      db: runtime.db,
      money: domain.money,
      calls: domain.calls,
      ports: providers.ports,
      serviceCode: config.SERVICE_CODE,
      accountReference: 'SACCO',
    }),
    isPermanent: (error) => error instanceof PermanentGatewayError,
    pollMs: config.OUTBOX_POLL_MS,
    onError: (message, error, final) =>
      logger.warn(
        { outboxId: message.id.toString(), kind: message.kind, attempt: message.attempts, final, err: error },
        'outbox delivery failed',
      ),
  });
  wakeWorker = () => worker.wake();
  worker.start();

  const resolver = createPaymentResolver({
    money: domain.money,
    mobileMoney: providers.ports.mobileMoney,
    policy: checkPolicy(config),
    logger,
    intervalMs: config.PAYMENT_CHECK_INTERVAL_MS,
  });
  resolver.start();

  // The daily loan job (reminders, overdue marking) runs every LOAN_JOB_INTERVAL_MINUTES on
  // every instance: it is idempotent, so instances and repeated runs change nothing twice.
  const runLoanJob = () =>
    domain.loans
      .runDailyJob()
      .then((result) => {
        if (result.reminded + result.markedOverdue > 0) logger.info(result, 'loan job');
      })
      .catch((error) => logger.error({ err: error }, 'loan job failed'));
  const loanJob = setInterval(runLoanJob, config.LOAN_JOB_INTERVAL_MINUTES * 60_000);
  loanJob.unref();
  void runLoanJob();

  const openedProviders = providers;
  return {
    app,
    domain,
    providers: openedProviders,
    worker,
    resolver,
    localUrl,
    async close() {
      clearInterval(loanJob);
      await app.close();
      await worker.stop();
      await resolver.stop();
      await openedProviders.close();
    },
  };
}

export type Service = Awaited<ReturnType<typeof startService>>;
