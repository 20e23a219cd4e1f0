import { execPath } from 'node:process';
import type { Flow } from '../flow.js';
import { REDIS_URL } from '../infra.js';
import { benchDir } from '../paths.js';
import { benchPhones } from '../sessions.js';
import type { Target } from '../target.js';

/**
 * Five hops, like the service's session, and every one touches the Redis session: the main
 * menu, the account submenu, the name prompt, the name input (stored) and the city input
 * (reads the stored name back and ends the session, which deletes it). The last reply
 * echoes the stored name, so a server that mixed up sessions would fail the check.
 */
const MENU_BUILDER_FLOW: Flow = [
  { text: '', expect: /^CON Welcome to Bench SACCO\n1\. Deposit\n(?:.*\n){5}7\. Help$/ },
  { text: '6', expect: /^CON My account\n1\. Change name\n2\. Change city\n3\. Change PIN\n0\. Back$/ },
  { text: '6*1', expect: /^CON Enter your full name:$/ },
  { text: '6*1*Jane Doe', expect: /^CON Enter your city:$/ },
  { text: '6*1*Jane Doe*Nairobi', expect: /^END Saved: Jane Doe, Nairobi$/ },
];

export function menuBuilderTarget(members: number): Target {
  return {
    id: 'menu-builder',
    label: 'ussd-menu-builder',
    ussdPath: '/ussd',
    flow: MENU_BUILDER_FLOW,
    phones: benchPhones(members),
    server: (port) => ({
      command: execPath,
      args: ['--import', 'tsx', 'src/targets/menu-builder-server.ts'],
      cwd: benchDir,
      env: { PORT: String(port), HOST: '127.0.0.1', REDIS_URL, NODE_ENV: 'production' },
      readyPath: '/healthz',
    }),
  };
}
