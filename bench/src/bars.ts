import type { TargetSummary } from './stats.js';

export interface BarResult {
  name: string;
  /** e.g. "0.62 (bar >= 0.5, p99 12.0 ms < 50 ms)" */
  detail: string;
  /** undefined when a server it compares was not run. */
  pass: boolean | undefined;
}

/**
 * The targets the service must meet: at least half the throughput of a bare Fastify + Redis
 * route with a p99 under 50 ms, and at least twice ussd-menu-builder's throughput.
 */
export function evaluateBars(summaries: readonly TargetSummary[]): BarResult[] {
  const find = (id: string) => summaries.find((s) => s.id === id);
  const service = find('service');
  const bare = find('bare');
  const menu = find('menu-builder');

  const vsBare: BarResult = { name: 'service / bare hops/s', detail: 'n/a (not run)', pass: undefined };
  if (service !== undefined && bare !== undefined) {
    const ratio = service.hopsPerSec / bare.hopsPerSec;
    vsBare.detail = `${ratio.toFixed(2)} (bar >= 0.5, with service p99 ${service.p99Ms.toFixed(1)} ms < 50 ms)`;
    vsBare.pass = ratio >= 0.5 && service.p99Ms < 50;
  }

  const vsMenu: BarResult = { name: 'service / ussd-menu-builder hops/s', detail: 'n/a (not run)', pass: undefined };
  if (service !== undefined && menu !== undefined) {
    const ratio = service.hopsPerSec / menu.hopsPerSec;
    vsMenu.detail = `${ratio.toFixed(2)} (bar >= 2)`;
    vsMenu.pass = ratio >= 2;
  }
  return [vsBare, vsMenu];
}

export function verdict(bar: BarResult): string {
  if (bar.pass === undefined) return '-';
  return bar.pass ? 'PASS' : 'MISS';
}
