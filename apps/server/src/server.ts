import { ConfigError, loadConfig } from '@sacco/config';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { requestIdMixin } from './request-id.js';
import { openRuntime } from './runtime.js';
import { startService } from './service.js';

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const logger = pino({
  level: config.LOG_LEVEL,
  // Defence in depth: no log line may carry a gateway `text` or a PIN, whatever logs it.
  redact: ['req.body.text', 'body.text', '*.pin', 'pin', 'req.query.token'],
  // Lines written for a request, or for an outbox message a request wrote, carry its id.
  mixin: requestIdMixin,
});
for (const warning of config.warnings) logger.warn(warning);

const runtime = await openRuntime(config, logger);
const service = await startService({ config, logger, runtime });

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await service.close();
  await runtime.close();
});

const providerLine = (real: boolean, name: string, fakeNote: string) =>
  real ? `real ${name}` : `FAKE (in-process ${name} fake; ${fakeNote})`;
const wildcard = config.HOST === '0.0.0.0' || config.HOST === '::';
const base = wildcard ? service.localUrl.replace('127.0.0.1', 'localhost') : service.localUrl;
const mode = config.embedded ? 'embedded PGlite' : 'PostgreSQL';
const store = config.REDIS_URL === undefined ? 'in-memory sessions' : 'Redis sessions';
// Plain stdout, not only the JSON log: this is what a person who just ran `pnpm start` reads.
console.log(
  [
    `USSD service listening on ${base} (${mode}, ${store})`,
    `  USSD callback:        POST ${base}/ussd/callback`,
    `  End-of-session:       POST ${base}/ussd/events`,
    `  M-Pesa results:       POST ${base}/payments/mpesa/{stk-result,b2c-result,b2c-timeout,status-result,status-timeout}`,
    `  Airtime status:       POST ${base}/airtime/status`,
    `  Mobile money:         ${providerLine(config.realMobileMoney, 'Daraja (M-Pesa)', `FAKE_PAYMENTS=${config.FAKE_PAYMENTS}`)}`,
    `  SMS, airtime, voice:  ${providerLine(config.realAfricasTalking, "Africa's Talking", 'nothing is sent')}`,
    ...(config.fakeProviders.length === 0
      ? []
      : [`  Fake providers:       GET  ${base}/fake-provider (what the fakes did)`]),
    `  Health / readiness:   GET  ${base}/healthz , ${base}/readyz`,
    ...(config.studio
      ? [`  Studio (menu design): ${base}/studio${config.STUDIO_PASSWORD === undefined ? '' : ' (password)'}`]
      : []),
  ].join('\n'),
);
