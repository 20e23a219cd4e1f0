// `pnpm dial [--phone +2547...] [--code *384*303#] [--url http://...] [--token ...]`: the
// terminal simulator. Without --url it starts the service in this process on the embedded
// defaults (PGlite in a temporary folder, sessions in memory, fake providers).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@sacco/config';
import pino from 'pino';
import { openRuntime } from '../src/runtime.js';
import { startService } from '../src/service.js';
import { runDialer } from './dialer.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    phone: { type: 'string', default: '+254711000111' },
    code: { type: 'string', default: '*384*303#' },
    url: { type: 'string' },
    token: { type: 'string' },
  },
});

async function inProcessService() {
  const dataDir = await mkdtemp(join(tmpdir(), 'sacco-dial-'));
  // Embedded defaults whatever the shell exports: this is a scratch service for one person.
  const config = loadConfig({ DATA_DIR: dataDir, STUDIO: 'on', SERVICE_CODE: values.code });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const runtime = await openRuntime(config, logger);
  const service = await startService({ config, logger, runtime, port: 0, host: '127.0.0.1' });
  return {
    url: service.localUrl,
    async close() {
      await service.close();
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const local = values.url === undefined ? await inProcessService() : undefined;
try {
  await runDialer({
    url: values.url ?? (local?.url as string),
    phone: values.phone,
    serviceCode: values.code,
    ...(values.token === undefined ? {} : { token: values.token }),
    input: process.stdin,
    output: process.stdout,
  });
} finally {
  await local?.close();
}
