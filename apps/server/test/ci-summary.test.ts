import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// .ci/run's last line: the suite's `N passed, N failed`, with the chaos run folded in.
const script = fileURLToPath(new URL('../../../scripts/summarise-vitest.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'summary-'));
const report = join(dir, 'report.json');
writeFileSync(report, JSON.stringify({ numPassedTests: 10, numFailedTests: 1, testResults: [] }));

const summarise = (extra?: string, file = report) =>
  spawnSync('node', [script, file], {
    encoding: 'utf8',
    env: { ...process.env, EXTRA_RESULTS: extra ?? '' },
  }).stdout.trim();

describe('scripts/summarise-vitest.mjs', () => {
  it('prints the suite alone without extra results', () => {
    expect(summarise()).toBe('10 passed, 1 failed');
  });

  it('counts a suite that failed outside its tests (a hook, or not loading) as one failure', () => {
    const hookFailed = join(dir, 'hook-failed.json');
    writeFileSync(
      hookFailed,
      JSON.stringify({
        numPassedTests: 7,
        numFailedTests: 1,
        testResults: [
          { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
          { status: 'failed', assertionResults: [] },
          { status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'passed' }] },
          { status: 'passed', assertionResults: [{ status: 'passed' }] },
        ],
      }),
    );
    expect(summarise(undefined, hookFailed)).toBe('7 passed, 3 failed');
  });

  it('counts the chaos run in, and an unreadable result as a failure', () => {
    const chaos = join(dir, 'chaos.json');
    writeFileSync(chaos, JSON.stringify({ passed: 1, failed: 0 }));
    expect(summarise(chaos)).toBe('11 passed, 1 failed');
    expect(summarise(join(dir, 'missing.json'))).toBe('10 passed, 2 failed');
  });
});
