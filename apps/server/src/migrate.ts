import { connectPostgres, migrateToLatest } from '@sacco/bank';
import { ConfigError, loadConfig } from '@sacco/config';

// `pnpm db:migrate`: brings the configured PostgreSQL to the latest schema, once per deploy.
// The embedded database migrates itself at start.
try {
  const config = loadConfig(process.env, { serving: false });
  if (config.DATABASE_URL === undefined) {
    console.log('DATABASE_URL is not set: the embedded database migrates itself at start; nothing to do.');
  } else {
    const db = connectPostgres({ url: config.DATABASE_URL, poolSize: 1 });
    try {
      const { results } = await migrateToLatest(db);
      for (const r of results ?? []) console.log(`${r.status}: ${r.migrationName}`);
      console.log(results?.length ? 'migrations applied' : 'schema already up to date');
    } finally {
      await db.destroy();
    }
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
