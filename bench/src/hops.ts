/**
 * `pnpm bench:hops`: hops per second of the service against a bare Fastify + Redis route and
 * against ussd-menu-builder, each in its own node process, measured round-robin so that
 * machine noise (this is a 2-core box shared with Redis, PostgreSQL and the load generator)
 * lands on all servers alike.
 *
 * Exit code: 1 when a server fails to start or any hop got a wrong reply (error, non-2xx or
 * unexpected text); 0 otherwise, also when a performance bar is missed (that is a result).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from './autocannon-run.js';
import { evaluateBars, verdict } from './bars.js';
import { type BenchConfig, readConfig } from './config.js';
import { freePort } from './free-port.js';
import { benchDir } from './paths.js';
import { readCpuMicros } from './proc-cpu.js';
import { renderMarkdown } from './report.js';
import { createSessionSource, type SessionSource } from './sessions.js';
import { type RunningServer, startServer } from './spawn-server.js';
import { type RoundResult, summarize, type TargetSummary, wrongReplies } from './stats.js';
import type { Target } from './target.js';
import { selectTargets } from './targets/index.js';
import { driveSession } from './ussd-client.js';

/** A target with its running server and its own stream of session ids. */
interface Live {
  target: Target;
  server: RunningServer;
  url: string;
  nextSession: SessionSource;
}

// Ctrl-C or a kill must still run the 'exit' hook that stops the servers.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const RESULTS_FILE = join(benchDir, 'results', 'hops-latest.md');

async function startTarget(target: Target): Promise<Live> {
  const port = await freePort();
  const server = await startServer(target.id, target.server(port), port);
  const live: Live = {
    target,
    server,
    url: `${server.baseUrl}${target.ussdPath}`,
    nextSession: createSessionSource(target.id, target.phones),
  };
  await target.prepare?.(server.baseUrl);
  // One session by hand first: a wrong flow fails here with one readable message.
  await driveSession(live.url, live.nextSession(), target.flow);
  console.log(`${target.label}: ready (pid ${server.pid}), a full session answered as expected`);
  return live;
}

function assertAlive(live: Live): void {
  const exit = live.server.exitedWith();
  if (exit !== undefined) {
    throw new Error(`${live.target.id} died (${exit})\n--- ${live.target.id} output ---\n${live.server.logTail()}`);
  }
}

async function measure(live: Live, cfg: BenchConfig, seconds: number): Promise<RoundResult> {
  assertAlive(live);
  const before = readCpuMicros(live.server.pid);
  const load = await runLoad({
    url: live.url,
    flow: live.target.flow,
    nextSession: live.nextSession,
    seconds,
    connections: cfg.connections,
  });
  assertAlive(live);
  return { ...load, cpuMicros: readCpuMicros(live.server.pid) - before };
}

function roundLine(tag: string, label: string, r: RoundResult): string {
  return (
    `${tag.padEnd(12)} ${label.padEnd(24)} ${Math.round(r.hopsPerSec).toString().padStart(7)} hops/s  ` +
    `p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  cpu ${Math.round(r.cpuMicros / Math.max(1, r.completed))} µs/hop  ` +
    `errors ${r.errors}  non-2xx ${r.non2xx}  wrong ${r.mismatches}`
  );
}

interface RunOutcome {
  summaries: TargetSummary[];
  /** Wrong replies seen during warm-up: not measured, but never to be hidden either. */
  warmupProblems: string[];
  /** What targets report after their rounds (the service's metrics). */
  notes: string[];
}

async function run(cfg: BenchConfig): Promise<RunOutcome> {
  const targets = selectTargets(cfg);
  console.log(
    `bench:hops: ${targets.map((t) => t.id).join(', ')}; ${cfg.rounds} rounds x ${cfg.seconds} s, ` +
      `${cfg.connections} connections, ${cfg.warmupSeconds} s warm-up`,
  );
  for (const target of targets) await target.setup?.(cfg);

  const lives: Live[] = [];
  try {
    for (const target of targets) lives.push(await startTarget(target));

    const rounds = new Map<string, RoundResult[]>(targets.map((t) => [t.id, []]));
    const warmupProblems: string[] = [];
    for (const live of lives) {
      const warm = await measure(live, cfg, cfg.warmupSeconds);
      console.log(roundLine('warm-up', live.target.label, warm));
      if (warm.errors + warm.non2xx + warm.mismatches > 0) {
        warmupProblems.push(roundLine('warm-up', live.target.label, warm), ...warm.mismatchSamples);
      }
    }
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const live of lives) {
        const result = await measure(live, cfg, cfg.seconds);
        rounds.get(live.target.id)?.push(result);
        console.log(roundLine(`round ${round}/${cfg.rounds}`, live.target.label, result));
      }
    }
    const summaries = targets.map((t) => summarize(t, rounds.get(t.id) ?? []));
    const notes: string[] = [];
    for (const live of lives) {
      const summary = summaries.find((s) => s.id === live.target.id);
      for (const line of (await live.target.afterRun?.(live.server.baseUrl, summary)) ?? []) {
        notes.push(`${live.target.label}: ${line}`);
      }
    }
    return { summaries, warmupProblems, notes };
  } finally {
    await Promise.all(lives.map((live) => live.server.stop()));
  }
}

async function main(): Promise<number> {
  const cfg = readConfig();
  const { summaries, warmupProblems, notes } = await run(cfg);
  const bars = evaluateBars(summaries);
  const markdown =
    renderMarkdown(cfg, summaries, bars) +
    (notes.length === 0 ? '' : `\n## Metrics\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`);

  console.log(`\n${markdown}`);
  for (const bar of bars) console.log(`${verdict(bar).padEnd(4)}  ${bar.name}: ${bar.detail}`);
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, markdown);
  console.log(`\nwritten to ${RESULTS_FILE}`);

  const wrong = summaries.filter((s) => wrongReplies(s) > 0);
  for (const s of wrong) {
    console.error(
      `\nWRONG REPLIES from ${s.label}: ${s.errors} errors (${s.timeouts} timeouts), ` +
        `${s.non2xx} non-2xx, ${s.mismatches} unexpected texts`,
    );
    for (const sample of s.mismatchSamples) console.error(`  ${sample}`);
  }
  if (warmupProblems.length > 0) console.error(`\nWRONG REPLIES during warm-up:\n  ${warmupProblems.join('\n  ')}`);
  return wrong.length > 0 || warmupProblems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\nbench:hops failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
