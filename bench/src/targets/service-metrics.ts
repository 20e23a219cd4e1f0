/**
 * The service's metrics during a bench run: GET /metrics must show the series the alerts and
 * the dashboard read, and recording them must cost little next to a hop (the bar: 5 % of its CPU).
 */
import { execFileSync } from 'node:child_process';
import { execPath } from 'node:process';
import { repoRoot } from '../paths.js';
import type { TargetSummary } from '../stats.js';

export const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const REQUIRED = [
  'sacco_ussd_hop_duration_seconds_bucket',
  'sacco_ussd_hops_total',
  'sacco_outbox_backlog',
  'sacco_outbox_oldest_due_age_seconds',
  'sacco_outbox_effects_total',
  'sacco_payments',
  'sacco_provider_calls_total',
  'sacco_pin_hash_queue_depth',
  'sacco_pin_hash_wait_seconds_count',
  'sacco_pg_pool_in_use',
  'sacco_pg_pool_waiting',
  'sacco_redis_errors_total',
  'nodejs_eventloop_lag_seconds',
];
export const METRICS_COST_BAR = 0.05;

export async function metricsReport(baseUrl: string, summary: TargetSummary | undefined): Promise<string[]> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await response.text();
  const names = new Set(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(/[{ ]/)[0]),
  );
  const missing = REQUIRED.filter((name) => !names.has(name));
  const hops = text
    .split('\n')
    .filter((line) => line.startsWith('sacco_ussd_hops_total{'))
    .map((line) => `${line.slice(line.indexOf('"') + 1, line.lastIndexOf('"'))} ${line.split(' ').pop()}`);
  const lines = [
    `GET /metrics: HTTP ${response.status}, ${names.size} series names, ${text.length} bytes; ` +
      (missing.length === 0 ? 'every required series present' : `MISSING ${missing.join(', ')}`),
    `hops counted during the run: ${hops.join(', ')}`,
  ];

  const cost = JSON.parse(
    execFileSync(execPath, ['--conditions=source', '--import', 'tsx', 'apps/server/scripts/metrics-cost.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim(),
  ) as { microsPerHop: number; scrapeMillis: number };
  const hopMicros = summary?.cpuMicrosPerHop ?? Number.NaN;
  const share = cost.microsPerHop / hopMicros;
  lines.push(
    `metrics cost: ${cost.microsPerHop.toFixed(2)} µs CPU per hop recorded, ${(share * 100).toFixed(2)} % of the ` +
      `${Math.round(hopMicros)} µs CPU a service hop costs (bar: at most ${METRICS_COST_BAR * 100} %): ` +
      `${share <= METRICS_COST_BAR ? 'PASS' : 'FAIL'}; one scrape of a fresh registry ${cost.scrapeMillis.toFixed(1)} ms`,
  );
  return lines;
}
