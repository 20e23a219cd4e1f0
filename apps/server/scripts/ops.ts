// `pnpm ops <command>`: what an operator does by hand, on the service's own configuration
// (DATABASE_URL, or the embedded database `pnpm start` uses). See `pnpm ops --help`.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sacco/config';
import { runOps } from './ops-commands.js';

// `pnpm start` runs in apps/server, so a relative DATA_DIR (the embedded database) is read from there.
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env };
if (env.DATABASE_URL === undefined) {
  const dataDir = env.DATA_DIR ?? '.data';
  env.DATA_DIR = isAbsolute(dataDir) ? dataDir : resolve(serverDir, dataDir);
}

process.exitCode = await runOps(
  process.argv.slice(2).filter((arg) => arg !== '--'),
  { env, stdout: process.stdout, stderr: process.stderr },
  // The CLI serves no gateway route: the webhook token is not its concern.
  () => loadConfig(env, { serving: false }),
);
