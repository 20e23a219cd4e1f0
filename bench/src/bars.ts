import type { TargetSummary } from './stats.js';

export interface BarResult {
  name: string;
  /** e.g. "0.62 (bar >= 0.35, p99 12.0 ms < 50 ms)" */
  detail: string;
  /** undefined when a server it compares was not run. */
  pass: boolean | undefined;
}

/** The bars of the hop: throughput against both comparisons, the service's p99 and its CPU per hop. */
export const BARS = { vsBare: 0.35, vsMenu: 1.2, p99Ms: 50, cpuMicrosPerHop: 200 } as const;

/**
 * The targets the service must meet: at least 0.35x the throughput of a bare Fastify + Redis
 * route and 1.2x ussd-menu-builder's, a p99 under 50 ms and at most 200 µs of CPU per hop.
 */
export function evaluateBars(summaries: readonly TargetSummary[]): BarResult[] {
  const find = (id: string) => summaries.find((s) => s.id === id);
  const service = find('service');
  const bare = find('bare');
  const menu = find('menu-builder');

  const vsBare: BarResult = { name: 'service / bare hops/s', detail: 'n/a (not run)', pass: undefined };
  if (service !== undefined && bare !== undefined) {
    const ratio = service.hopsPerSec / bare.hopsPerSec;
    vsBare.detail = `${ratio.toFixed(2)} (bar >= ${BARS.vsBare})`;
    vsBare.pass = ratio >= BARS.vsBare;
  }

  const vsMenu: BarResult = { name: 'service / ussd-menu-builder hops/s', detail: 'n/a (not run)', pass: undefined };
  if (service !== undefined && menu !== undefined) {
    const ratio = service.hopsPerSec / menu.hopsPerSec;
    vsMenu.detail = `${ratio.toFixed(2)} (bar >= ${BARS.vsMenu})`;
    vsMenu.pass = ratio >= BARS.vsMenu;
  }

  const p99: BarResult = { name: 'service p99', detail: 'n/a (not run)', pass: undefined };
  const cpu: BarResult = { name: 'service CPU per hop', detail: 'n/a (not run)', pass: undefined };
  if (service !== undefined) {
    p99.detail = `${service.p99Ms.toFixed(1)} ms (bar < ${BARS.p99Ms} ms)`;
    p99.pass = service.p99Ms < BARS.p99Ms;
    cpu.detail = `${Math.round(service.cpuMicrosPerHop)} µs (bar <= ${BARS.cpuMicrosPerHop} µs)`;
    cpu.pass = service.cpuMicrosPerHop <= BARS.cpuMicrosPerHop;
  }
  return [vsBare, vsMenu, p99, cpu];
}

export function verdict(bar: BarResult): string {
  if (bar.pass === undefined) return '-';
  return bar.pass ? 'PASS' : 'MISS';
}
