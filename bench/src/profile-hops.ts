/**
 * `pnpm bench:profile`: a V8 CPU profile of the built service under the hops
 * bench's load (SERVICE_FLOW, 50 connections), and where its samples fall: by package or
 * source file, and the top functions by self time. Uses the database, Redis and members of
 * `bench:hops` (run it once first, or with BENCH_SKIP_BUILD unset here to build and migrate).
 *
 * PROFILE_SECONDS (default 15) of load; the profile is written to bench/results/profile/.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from './autocannon-run.js';
import { readConfig } from './config.js';
import { freePort } from './free-port.js';
import { benchDir } from './paths.js';
import { readCpuMicros } from './proc-cpu.js';
import { createSessionSource } from './sessions.js';
import { startServer } from './spawn-server.js';
import { serviceTarget } from './targets/service.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sample's function lives: a package under node_modules, our workspace package, node itself, or V8. */
function bucketOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : `(native) ${name}`;
  const pkg = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (pkg !== null) return pkg[1] as string;
  if (url.startsWith('node:')) return url;
  const ours = url.match(/(packages|apps)\/([^/]+)\/(?:dist|src)\/(.+)$/);
  if (ours !== null) return `${ours[1]}/${ours[2]}/${ours[3]}`;
  return url;
}

export function summarizeProfile(profile: CpuProfile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const bucket = bucketOf(url, functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${bucket}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `busy samples: ${(total / 1000).toFixed(0)} ms`,
    '',
    'by package / file (self time):',
    ...sorted(buckets).map(([k, us]) => `${pct(us)}  ${k}`),
    '',
    'top functions (self time):',
    ...sorted(functions).map(([k, us]) => `${pct(us)}  ${k}`),
  ].join('\n');
}

async function main() {
  const cfg = readConfig();
  const target = serviceTarget(cfg.members);
  // A fresh database (and a build unless BENCH_SKIP_BUILD), as bench:hops makes.
  await target.setup?.(cfg);
  const dir = join(benchDir, 'results', 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const spec = target.server(port);
  const server = await startServer(
    'service',
    { ...spec, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...spec.args] },
    port,
  );
  try {
    await target.prepare?.(server.baseUrl);
    const url = `${server.baseUrl}${target.ussdPath}`;
    const seconds = Number(process.env.PROFILE_SECONDS ?? 15);
    await runLoad({
      url,
      flow: target.flow,
      nextSession: createSessionSource('warm', target.phones),
      seconds: 3,
      connections: cfg.connections,
    });
    const before = readCpuMicros(server.pid);
    const load = await runLoad({
      url,
      flow: target.flow,
      nextSession: createSessionSource('profile', target.phones),
      seconds,
      connections: cfg.connections,
    });
    const cpu = readCpuMicros(server.pid) - before;
    console.log(
      `${Math.round(load.hopsPerSec)} hops/s, p99 ${load.p99Ms} ms, ${Math.round(cpu / Math.max(1, load.completed))} µs CPU/hop (profiler on), ` +
        `errors ${load.errors} non-2xx ${load.non2xx} wrong ${load.mismatches}`,
    );
  } finally {
    await server.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no profile written to ${dir}`);
  console.log(`\n${join(dir, file)}\n`);
  console.log(summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
