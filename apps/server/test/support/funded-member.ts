import { fund, walletIdOf } from '@sacco/bank/testing';
import { registerByUssd } from './gateway.js';
import type { TestService } from './test-app.js';

/**
 * A member registered through the menus (PIN 4826), whose wallet holds `shillings`, booked as a
 * settled deposit would be, so a test can move money without waiting for a provider.
 */
export async function fundedMember(t: TestService, phone: string, shillings: bigint) {
  await registerByUssd(t.app, phone);
  const member = await t.database.db
    .selectFrom('members')
    .select('id')
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow();
  const wallet = await walletIdOf(t.database.db, member.id);
  if (shillings > 0n) await fund(t.database.db, wallet, shillings * 100n, `fund:${phone}`);
  return { id: member.id, balance: () => t.service.domain.money.walletBalance(member.id) };
}
