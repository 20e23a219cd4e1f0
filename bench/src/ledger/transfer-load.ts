import type { MoneyService } from '@sacco/bank';
import { MoneyError } from '@sacco/bank';
import { busyShare, readMachineCpu } from '../machine-cpu.js';
import { readPostgresCpuMicros } from '../postgres-cpu.js';
import { readCpuMicros } from '../proc-cpu.js';
import { percentile } from '../stats.js';

export interface TransferRunOptions {
  money: MoneyService;
  /** Member ids; each transfer goes between two distinct ones picked at random. */
  members: readonly string[];
  clients: number;
  seconds: number;
  /** Makes every idempotency key of the run unique across runs and harness invocations. */
  keyPrefix: string;
}

export interface TransferRunResult {
  clients: number;
  /** From the start until the last client's last call returned (slightly over `seconds`). */
  elapsedSeconds: number;
  /** Transfers that returned (committed, not a duplicate). */
  completed: number;
  transfersPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  insufficientFunds: number;
  /** Anything else that threw, or a transfer reported as a duplicate of an earlier key. */
  errors: number;
  errorSamples: string[];
  /** CPU of this node process (Kysely, pg, the money service) per completed transfer, µs. */
  clientCpuMicrosPerTransfer: number;
  /** CPU of the PostgreSQL server (all its processes) per completed transfer, µs. */
  postgresCpuMicrosPerTransfer: number;
  /** Share of both cores busy during the run, all processes. */
  machineBusy: number;
}

const MAX_SAMPLES = 5;
// KES 1.00 to KES 100.00 in minor units: small next to the funding, so no wallet runs dry.
const MIN_AMOUNT = 100;
const AMOUNT_SPAN = 9_901;

const randomInt = (below: number) => Math.floor(Math.random() * below);

/**
 * `clients` concurrent closed loops, each awaiting one `transfer` after the other between two
 * random distinct wallets, until `seconds` have passed. Every call is timed with
 * performance.now() and every sample is kept, so p50 and p99 are exact, not from a histogram.
 */
export async function runTransfers(options: TransferRunOptions): Promise<TransferRunResult> {
  const { money, members, clients, seconds, keyPrefix } = options;
  const latencies: number[] = [];
  let insufficientFunds = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const note = (message: string) => {
    errors++;
    if (errorSamples.length < MAX_SAMPLES) errorSamples.push(message);
  };

  const cpuBefore = readCpuMicros(process.pid);
  const postgresBefore = readPostgresCpuMicros();
  const machineBefore = readMachineCpu();
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function client(index: number): Promise<void> {
    let seq = 0;
    while (performance.now() < deadline) {
      const from = randomInt(members.length);
      let to = randomInt(members.length - 1);
      if (to >= from) to++;
      const request = {
        fromMemberId: members[from] as string,
        toMemberId: members[to] as string,
        amount: BigInt(MIN_AMOUNT + randomInt(AMOUNT_SPAN)),
        idempotencyKey: `${keyPrefix}:${index}:${seq++}`,
      };
      const t0 = performance.now();
      try {
        const result = await money.transfer(request);
        if (result.duplicate) note(`${request.idempotencyKey}: reported as a duplicate`);
        else latencies.push(performance.now() - t0);
      } catch (error) {
        if (error instanceof MoneyError && error.code === 'insufficient-funds') insufficientFunds++;
        else note(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  const machineBusy = busyShare(machineBefore, readMachineCpu());
  const cpuMicros = readCpuMicros(process.pid) - cpuBefore;
  const postgresMicros = readPostgresCpuMicros() - postgresBefore;

  const sorted = Float64Array.from(latencies).sort();
  return {
    clients,
    elapsedSeconds,
    completed: latencies.length,
    transfersPerSec: latencies.length / elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    insufficientFunds,
    errors,
    errorSamples,
    clientCpuMicrosPerTransfer: latencies.length > 0 ? cpuMicros / latencies.length : Number.NaN,
    postgresCpuMicrosPerTransfer: latencies.length > 0 ? postgresMicros / latencies.length : Number.NaN,
    machineBusy,
  };
}
