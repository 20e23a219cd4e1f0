import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDate } from '@sacco/bank';
import { createTestDatabase, ensureSystemAccounts, fund, type TestDatabase } from '@sacco/bank/testing';
import { loadConfig } from '@sacco/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain, type Domain } from '../src/domain.js';
import { TEST_PEPPER } from './support/test-app.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');

let database: TestDatabase;
let domain: Domain;
let outDir: string;

/** `pnpm ops ...` as an operator runs it: a process of its own on the configured database. */
async function ops(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: database.url,
    FAKE_PROVIDERS: 'all',
    PIN_PEPPER: TEST_PEPPER,
    USER: 'amina',
  };
  const child = spawn(tsx, ['--conditions=source', 'apps/server/scripts/ops.ts', ...args], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const [code] = await once(child, 'exit');
  return { code: code as number, stdout, stderr };
}

/** A member whose wallet holds `minor`, and a payout of `amount` from it that timed out: in doubt. */
async function payoutInDoubt(phone: string, amount: bigint) {
  const registered = await domain.members.register({
    phone,
    fullName: 'Ops Member',
    city: 'Nakuru',
    language: 'en',
    pin: '4826',
  });
  if (registered.status !== 'registered') throw new Error('not registered');
  const member = registered.member;
  const wallet = await database.db
    .selectFrom('accounts')
    .select('id')
    .where('member_id', '=', member.id)
    .executeTakeFirstOrThrow();
  await fund(database.db, wallet.id, 100_000n, `fund:${phone}`);
  const { payment } = await domain.money.requestWithdrawal({
    memberId: member.id,
    phone,
    amount,
    idempotencyKey: `wd:${phone}`,
  });
  const attempt = await domain.money.beginRequest(payment.id, `payout:${payment.id}:{seq}`);
  if (attempt === undefined) throw new Error('no attempt');
  await domain.money.requestInDoubt(attempt, 'timed out');
  return { memberId: member.id, paymentId: payment.id };
}

let first: { memberId: string; paymentId: string };
let second: { memberId: string; paymentId: string };

beforeAll(async () => {
  database = await createTestDatabase();
  outDir = await mkdtemp(join(tmpdir(), 'sacco-ops-'));
  const config = loadConfig(
    { DATABASE_URL: database.url, FAKE_PROVIDERS: 'all', PIN_PEPPER: TEST_PEPPER, PIN_SCRYPT_COST: '1024' },
    { serving: false },
  );
  domain = createDomain(config, database.db);
  await ensureSystemAccounts(database.db, 'KES');
  first = await payoutInDoubt('+254766000001', 25_000n);
  second = await payoutInDoubt('+254766000002', 30_000n);
  // A result that names no request we know.
  await domain.money.settleDeposit({ providerRequestId: 'ws_CO_nobody', succeeded: true, description: 'ok' });
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await database.drop();
});

describe('pnpm ops', () => {
  it('lists the payments in doubt, oldest first, readable and as JSON', async () => {
    const { code, stdout } = await ops('payments:doubt');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${first.paymentId}\\s+payout\\s+KES 250\\.00\\s+\\+254766000001\\s+in_doubt`));
    expect(stdout).toContain('timed out');
    expect(stdout.indexOf(first.paymentId)).toBeLessThan(stdout.indexOf(second.paymentId));

    const json = await ops('payments:doubt', '--json');
    const listed = JSON.parse(json.stdout) as { id: string; amount: string; needsOperator: boolean }[];
    expect(listed.map((p) => p.id)).toEqual([first.paymentId, second.paymentId]);
    expect(listed[0]).toMatchObject({ amount: '25000', needsOperator: false });
  }, 30_000);

  it('resolves a payout in doubt as failed: the hold returns, the decision is audited, and only once', async () => {
    const refused = await ops('payments:resolve', first.paymentId, 'failed');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reason');
    expect(await domain.money.walletBalance(first.memberId)).toBe(75_000n);

    const resolved = await ops('payments:resolve', first.paymentId, 'failed', '--reason', 'not in the B2C statement');
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain(`resolved failed by amina`);
    expect(resolved.stdout).toContain('it is failed now');
    expect(await domain.money.walletBalance(first.memberId)).toBe(100_000n);
    expect((await domain.money.findPayment(first.paymentId))?.status).toBe('failed');
    const audit = await database.db
      .selectFrom('payment_resolutions')
      .selectAll()
      .where('payment_id', '=', first.paymentId)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'amina',
        reason: 'not in the B2C statement',
        from_status: 'in_doubt',
        to_status: 'failed',
      }),
    ]);

    const noReceipt = await ops('payments:resolve', second.paymentId, 'succeeded', '--reason', 'seen on the statement');
    expect(noReceipt.code).toBe(2);
    expect(noReceipt.stderr).toContain('needs --receipt');
    const again = await ops(
      'payments:resolve',
      first.paymentId,
      'succeeded',
      '--reason',
      'second thoughts',
      '--receipt',
      'RKX0000009',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not open: it is already failed');
    expect(await domain.money.walletBalance(first.memberId)).toBe(100_000n);

    const unknown = await ops('payments:resolve', '00000000-0000-4000-8000-000000000000', 'failed', '--reason', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown payment');
  }, 60_000);

  it('writes the day reconciliation as JSON, listing what does not agree', async () => {
    const out = join(outDir, 'report.json');
    const today = localDate(new Date(), 180);
    const { code, stdout } = await ops('reconcile', '--date', today, '--out', out);
    expect(code).toBe(0);
    expect(stdout.indexOf('Discrepancies (2)')).toBeLessThan(stdout.indexOf('Payments ('));
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.date).toBe(today);
    expect(report.discrepancies).toEqual([
      expect.objectContaining({ kind: 'unmatched-result', paymentId: null }),
      expect.objectContaining({ kind: 'in-doubt', paymentId: second.paymentId, amount: '30000' }),
    ]);
    const resolved = report.payments.find((p: { id: string }) => p.id === first.paymentId);
    expect(resolved).toMatchObject({
      status: 'failed',
      amount: '25000',
      ledger: { wallet: '0', settlement: '0' },
      provider: { operatorResolutions: 1 },
    });
  }, 30_000);

  it('lists unmatched results and suspense', async () => {
    const unmatched = await ops('results:unmatched', '--days', '1');
    expect(unmatched.code).toBe(0);
    expect(unmatched.stdout).toContain('ws_CO_nobody');
    const suspense = await ops('suspense:list', '--json');
    expect(JSON.parse(suspense.stdout)).toEqual({ entries: [], balances: [{ currency: 'KES', balance: '0' }] });
  }, 30_000);

  it('clears a suspense entry into the member’s wallet, once, audited; never as a loss', async () => {
    // A deposit an operator failed, which M-Pesa then reports paid: the member's money waits in suspense.
    const phone = '+254766000003';
    const registered = await domain.members.register({
      phone,
      fullName: 'Late Payer',
      city: 'Kisumu',
      language: 'sw',
      pin: '4826',
    });
    if (registered.status !== 'registered') throw new Error('not registered');
    const memberId = registered.member.id;
    const payment = await domain.money.requestDeposit({
      memberId,
      phone,
      amount: 40_000n,
      idempotencyKey: `dep:${phone}`,
    });
    await domain.money.recordProviderRequest(payment.id, `ws_CO_${payment.id}`);
    await domain.money.resolveByOperator(payment.id, { status: 'failed', reason: 'not seen', actor: 'amina' });
    const late = {
      providerRequestId: `ws_CO_${payment.id}`,
      succeeded: true,
      description: 'ok',
      amount: 40_000n,
      receipt: 'RKXLATE777',
    };
    expect((await domain.money.settleDeposit(late)).outcome).toBe('suspense');

    const listed = await ops('suspense:list');
    const line = listed.stdout.split('\n').find((row) => row.includes(payment.id)) ?? '';
    const entryId = line.split(/\s+/)[0] as string;
    expect(line).toMatch(/-KES 400\.00\s+OPEN/);
    expect(listed.stdout).toContain('1 open');

    const loss = await ops('suspense:clear', entryId, 'write-off', '--reason', 'tidy');
    expect(loss.code).toBe(1);
    expect(loss.stderr).toContain('clear it to the member');
    const noReason = await ops('suspense:clear', entryId, 'member');
    expect(noReason.code).toBe(2);
    const blankActor = await ops('suspense:clear', entryId, 'member', '--reason', 'paid', '--actor', '  ');
    expect(blankActor.code).toBe(2);
    expect(blankActor.stderr).toContain('--actor');
    expect(await domain.money.walletBalance(memberId)).toBe(0n);

    const cleared = await ops('suspense:clear', entryId, 'member', '--reason', 'RKXLATE777 on the statement');
    expect(cleared.stderr).toBe('');
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain(`cleared by amina: KES 400.00 credited to the member's wallet`);
    expect(cleared.stdout).toContain('Wallet balance now KES 400.00');
    expect(await domain.money.walletBalance(memberId)).toBe(40_000n);

    const again = await ops('suspense:clear', entryId, 'member', '--reason', 'twice?');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was cleared to member by amina');
    expect(await domain.money.walletBalance(memberId)).toBe(40_000n);

    const after = JSON.parse((await ops('suspense:list', '--json')).stdout) as {
      entries: { entryId: string; clearedBy?: { actor: string; reason: string }; clears?: string }[];
      balances: { balance: string }[];
    };
    expect(after.entries.find((e) => e.entryId === entryId)?.clearedBy).toMatchObject({
      actor: 'amina',
      reason: 'RKXLATE777 on the statement',
    });
    expect(after.entries.filter((e) => e.clears === entryId)).toHaveLength(1);
    expect(after.balances).toEqual([{ currency: 'KES', balance: '0' }]);
  }, 60_000);
});
