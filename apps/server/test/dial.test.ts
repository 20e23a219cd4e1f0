import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDialer } from '../scripts/dialer.js';
import { startTestService, type TestService } from './support/test-app.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the dialer on `lines` as typed input and returns everything it printed. */
async function dialWith(url: string, lines: readonly string[], phone = '+254755000001') {
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => {
    printed += String(chunk);
  });
  await runDialer({
    url,
    phone,
    serviceCode: '*384*303#',
    input: Readable.from(lines.map((line) => `${line}\n`)),
    output,
  });
  return printed;
}

describe('pnpm dial against a running service', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ STUDIO: 'on', RATE_LIMIT_HOPS: '100000' });
  });
  afterAll(() => t.close());

  it('shows every screen with its state, and resets, changes phone and quits on command', async () => {
    const printed = await dialWith(t.service.localUrl, [
      '1',
      'Jane Doe',
      'Nairobi',
      '4826',
      '4826',
      ':reset',
      '6',
      ':nonsense',
      ':phone +254755000002',
      ':quit',
      'never sent',
    ]);
    expect(printed).toContain('-- +254755000001 · session.registration.askLanguage\nCON Welcome! Karibu!');
    expect(printed).toContain('-- +254755000001 · session.mainMenu\nCON Registration complete!');
    // After :reset a new session: the member is known now, and 6 opens My account.
    expect(printed).toContain('-- +254755000001 · session.account.menu\nCON My account');
    expect(printed).toContain('! unknown command :nonsense');
    expect(printed).toContain('-- +254755000002 · session.registration.askLanguage');
    expect(printed).not.toContain('never sent');
    expect(printed.trimEnd().endsWith('bye')).toBe(true);
  });

  it('dials again after an END screen', async () => {
    await dialWith(t.service.localUrl, ['2', 'Amina Ali', 'Kisumu', '4826', '4826', ':quit'], '+254755000003');
    const printed = await dialWith(t.service.localUrl, ['7', '', ':quit'], '+254755000003');
    expect(printed).toContain('session.callMe.requested\nEND');
    expect(printed).toContain('-- session over');
    expect(printed.match(/· session\.mainMenu/g)).toHaveLength(2);
  });
});

describe('pnpm dial with no URL', () => {
  it('starts the service in its own process on the embedded defaults', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'apps/server/scripts/dial.ts', '--phone', '+254755000009'],
      { cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += String(chunk);
    });
    child.stdin.end('1\nJane Doe\n:quit\n');
    const [code] = await once(child, 'exit');
    expect(printed).toContain('-- +254755000009 · session.registration.askLanguage');
    expect(printed).toContain('-- +254755000009 · session.registration.askCity\nCON Enter your city or town');
    expect(code).toBe(0);
  }, 60_000);
});
