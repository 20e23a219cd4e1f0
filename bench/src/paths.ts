import { fileURLToPath } from 'node:url';

/** The bench package folder (resolved from this file, so the harness works from any cwd). */
export const benchDir = fileURLToPath(new URL('../', import.meta.url));

/** The workspace root: the service is built and started from here, like in production. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
