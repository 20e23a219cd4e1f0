import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { eventually } from './eventually.js';
import { gatewaySession, registerByUssd } from './gateway.js';

/** The balance screen of a member whose PIN is 4826, through `6*1`. */
export async function balanceScreen(app: FastifyInstance, phone: string): Promise<string> {
  const session = gatewaySession(app, { phone });
  await session.dial('6*1');
  return session.send('4826');
}

/** A member who registered and deposited `amount` shillings through the fake M-Pesa prompt. */
export async function depositedMember(app: FastifyInstance, phone: string, amount: string, name = 'Jane Doe') {
  await registerByUssd(app, phone, { name });
  const session = gatewaySession(app, { phone });
  await session.dial('1');
  await session.send(amount);
  expect(await session.send('1')).toMatch(/^END You will receive an M-Pesa prompt/);
  const shown = Number(amount).toLocaleString('en-US');
  await eventually(async () => expect(await balanceScreen(app, phone)).toContain(`KES ${shown}.00`));
}
