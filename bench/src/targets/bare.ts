import { execPath } from 'node:process';
import type { Flow } from '../flow.js';
import { REDIS_URL } from '../infra.js';
import { benchDir } from '../paths.js';
import { benchPhones } from '../sessions.js';
import type { Target } from '../target.js';
import { SERVICE_FLOW } from './service.js';

// The same hop texts as the service's session, so request sizes match; the reply is fixed.
const BARE_FLOW: Flow = SERVICE_FLOW.map((step) => ({ text: step.text, expect: /^CON ok$/ }));

export function bareTarget(members: number): Target {
  return {
    id: 'bare',
    label: 'bare (Fastify + Redis)',
    ussdPath: '/hop',
    flow: BARE_FLOW,
    phones: benchPhones(members),
    server: (port) => ({
      command: execPath,
      args: ['--import', 'tsx', 'src/targets/bare-server.ts'],
      cwd: benchDir,
      env: { PORT: String(port), HOST: '127.0.0.1', REDIS_URL, NODE_ENV: 'production' },
      readyPath: '/healthz',
    }),
  };
}
