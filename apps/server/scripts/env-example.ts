// `pnpm env:example`: writes .env.example from the config schema.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEnvExample } from '@sacco/config';

const target = fileURLToPath(new URL('../../../.env.example', import.meta.url));
writeFileSync(target, renderEnvExample());
console.log(`wrote ${target}`);
