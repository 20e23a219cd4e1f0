import { connectPostgres, migrateToLatest } from '@sacco/bank';
import { ConfigError, configSchema } from '@sacco/config';

// `pnpm db:migrate`: brings the configured PostgreSQL to the latest schema, once per deploy.
// The embedded database migrates itself at start. Only DATABASE_URL is read: the migration
// needs no provider credentials (the service itself refuses to boot without them).
try {
  const parsed = configSchema.pick({ DATABASE_URL: true }).safeParse(process.env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const databaseUrl = parsed.data.DATABASE_URL;
  if (databaseUrl === undefined) {
    console.log('DATABASE_URL is not set: the embedded database migrates itself at start; nothing to do.');
  } else {
    const db = connectPostgres({ url: databaseUrl, poolSize: 1 });
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
