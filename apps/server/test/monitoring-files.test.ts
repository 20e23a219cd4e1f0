import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APOLOGY_OUTCOMES, createMetrics } from '../src/metrics.js';

// The alerts and the dashboard name metrics by string: these checks hold them to what the code
// really exports, so a renamed series cannot leave a page or a panel silently blind.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

const registry = createMetrics().registry;
const exported = new Map(registry.getMetricsAsArray().map((metric) => [metric.name, metric]));
const seriesOf = (name: string): string | undefined => {
  if (exported.has(name)) return name;
  const base = name.replace(/_(bucket|count|sum)$/, '');
  return exported.has(base) ? base : undefined;
};
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\b((?:sacco|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1] as string);

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}
const rules: Rule[] = parse(read('docker/monitoring/prometheus-rule.yaml')).spec.groups.flatMap(
  (group: { rules: Rule[] }) => group.rules,
);
interface Panel {
  title: string;
  targets: { expr: string }[];
}
const dashboard = JSON.parse(read('docker/monitoring/grafana-dashboard.json')) as { uid: string; panels: Panel[] };

describe('docker/monitoring/prometheus-rule.yaml', () => {
  it('names only series the code exports', () => {
    for (const rule of rules) {
      const names = metricsIn(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) expect(seriesOf(name), `${rule.alert}: ${name}`).toBeDefined();
    }
  });

  it('pages on payments in doubt over an hour, outbox over 5 minutes, hop p99 over 2 s, apologies and provider errors', () => {
    const byName = new Map(rules.map((rule) => [rule.alert, rule]));
    expect(byName.get('PaymentsInDoubtOverAnHour')?.expr).toMatch(
      /sacco_payments_in_doubt_oldest_age_seconds\) > 3600$/,
    );
    expect(byName.get('OutboxOldestOverFiveMinutes')?.expr).toMatch(/sacco_outbox_oldest_due_age_seconds\) > 300$/);
    expect(byName.get('HopLatencyP99High')?.expr).toMatch(
      /^histogram_quantile\(0\.99, .*sacco_ussd_hop_duration_seconds_bucket.*\) > 2$/,
    );
    expect(byName.get('ApologyRateHigh')?.expr).toContain('sacco_ussd_hops_total');
    expect(byName.get('ProviderErrorRateHigh')?.expr).toContain('sacco_provider_calls_total{outcome!="ok"}');
    for (const rule of rules) expect(rule.labels?.severity, rule.alert).toMatch(/^(page|ticket)$/);
  });

  it('counts as apologies exactly the outcomes the code calls apologies', () => {
    for (const expr of [
      ...rules.map((rule) => rule.expr),
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
    ]) {
      for (const match of expr.matchAll(/outcome=~"([^"]+)"/g)) {
        expect((match[1] as string).split('|').sort()).toEqual([...APOLOGY_OUTCOMES].sort());
      }
    }
  });
});

describe('docker/monitoring/grafana-dashboard.json', () => {
  it('charts only series the code exports, and every sacco series at least once', () => {
    const charted = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        for (const name of metricsIn(target.expr)) {
          const series = seriesOf(name);
          expect(series, `${panel.title}: ${name}`).toBeDefined();
          charted.add(series as string);
        }
      }
    }
    const ours = [...exported.keys()].filter((name) => name.startsWith('sacco_'));
    expect(ours.filter((name) => !charted.has(name))).toEqual([]);
    expect(charted.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });
});

describe('docker/monitoring/servicemonitor.yaml', () => {
  it("scrapes the Service's metrics port at /metrics", () => {
    const monitor = parse(read('docker/monitoring/servicemonitor.yaml'));
    const service = parse(read('docker/k8s/service.yaml'));
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels);
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint.path).toBe('/metrics');
    expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(endpoint.port);
  });

  it('ships the dashboard as a ConfigMap for the Grafana sidecar', () => {
    const kustomization = parse(read('docker/monitoring/kustomization.yaml'));
    expect(kustomization.resources).toEqual(['servicemonitor.yaml', 'prometheus-rule.yaml']);
    expect(kustomization.configMapGenerator[0].files).toEqual(['grafana-dashboard.json']);
  });
});
