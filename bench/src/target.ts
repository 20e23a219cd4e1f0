import type { BenchConfig } from './config.js';
import type { Flow } from './flow.js';
import type { TargetSummary } from './stats.js';

/** How to start one server as a child process. */
export interface ServerSpec {
  /** The executable; node itself (process.execPath), never a package manager in between. */
  command: string;
  args: readonly string[];
  cwd: string;
  /** Added to the harness's own environment. */
  env: Readonly<Record<string, string>>;
  /** Removed from the inherited environment, for settings that must be absent. */
  unsetEnv?: readonly string[];
  /** GET path that answers 2xx once the server accepts hops. */
  readyPath: string;
  readyTimeoutMs?: number;
}

/** One server under test, and the sessions to drive through it. */
export interface Target {
  /** Used in BENCH_TARGETS and in the results table. */
  id: string;
  /** Name in the printed results. */
  label: string;
  ussdPath: string;
  flow: Flow;
  /** Phone numbers the sessions rotate through. */
  phones: readonly string[];
  /** Once, before the server starts (build, fresh database, migrations). */
  setup?: (cfg: BenchConfig) => Promise<void>;
  server: (port: number) => ServerSpec;
  /** Once the server is ready and before any load (e.g. register the members). */
  prepare?: (baseUrl: string) => Promise<void>;
  /** After the measured rounds, while the server still runs: lines for the report. */
  afterRun?: (baseUrl: string, summary: TargetSummary | undefined) => Promise<string[]>;
}
