import { cpus } from 'node:os';
import { type BarResult, verdict } from './bars.js';
import type { BenchConfig } from './config.js';
import { markdownTable } from './markdown-table.js';
import type { TargetSummary } from './stats.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(1);

/** The results as markdown, ready to paste into docs/benchmarks.md. */
export function renderMarkdown(
  cfg: BenchConfig,
  summaries: readonly TargetSummary[],
  bars: readonly BarResult[],
): string {
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    `### USSD hops, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${cpus().length} cores (${cpuModel}), Node ${process.version}; autocannon with ${cfg.connections} ` +
      `connections on the same machine, ${cfg.rounds} interleaved rounds of ${cfg.seconds} s per server ` +
      `after ${cfg.warmupSeconds} s warm-up. Each connection drives whole sessions (fresh session id, ` +
      'rotating members) and every reply is checked. hops/s: mean over rounds (min–max); p50: mean ' +
      'over rounds; p99: worst round; CPU: the server process only (not Redis or PostgreSQL).',
    '',
    markdownTable(
      ['server', 'hops/s', 'p50 ms', 'p99 ms', 'CPU µs/hop', 'errors', 'non-2xx', 'wrong replies'],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      summaries.map((s) => [
        s.label,
        `${int(s.hopsPerSec)} (${int(s.hopsPerSecMin)}–${int(s.hopsPerSecMax)})`,
        ms(s.p50Ms),
        ms(s.p99Ms),
        int(s.cpuMicrosPerHop),
        String(s.errors),
        String(s.non2xx),
        String(s.mismatches),
      ]),
    ),
    '',
    markdownTable(
      ['bar', 'result', 'verdict'],
      ['left', 'left', 'left'],
      bars.map((b) => [b.name, b.detail, verdict(b)]),
    ),
    '',
  ];
  return lines.join('\n');
}
