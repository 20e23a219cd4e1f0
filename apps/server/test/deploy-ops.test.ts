import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

describe('docker/k8s/deployment.yaml shutdown', () => {
  const deployment = parse(read('docker/k8s/deployment.yaml'));
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  it('pauses before SIGTERM so the load balancer stops sending first, within the grace period', () => {
    const command: string[] = container.lifecycle.preStop.exec.command;
    expect(command[0]).toBe('sleep');
    const pause = Number(command[1]);
    expect(pause).toBeGreaterThanOrEqual(3);
    // The pause, then close-with-grace's 10 s (server.ts), with room to spare.
    expect(read('apps/server/src/server.ts')).toContain('closeWithGrace({ delay: 10_000 }');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(pause + 10);
  });

  it('exposes the metrics port the ConfigMap configures', () => {
    const configMap = parse(read('docker/k8s/configmap.yaml'));
    const metricsPort = container.ports.find((port: { name: string }) => port.name === 'metrics');
    expect(metricsPort.containerPort).toBe(Number(configMap.data.METRICS_PORT));
    const service = parse(read('docker/k8s/service.yaml'));
    expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain('metrics');
  });
});

describe('docker/compose.yaml secrets', () => {
  const compose = parse(read('docker/compose.yaml')) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  const environments = Object.values(compose.services).map((service) => service.environment ?? {});

  it('requires the secrets it cannot run without (`:?`), wherever they are used', () => {
    const required = ['POSTGRES_PASSWORD', 'PIN_PEPPER', 'WEBHOOK_TOKEN'];
    const text = read('docker/compose.yaml');
    for (const name of required) {
      const uses = [...text.matchAll(new RegExp(`\\$\\{${name}(:[-?]?)?[^}]*\\}`, 'g'))].map((m) => m[0]);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use, name).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    }
    expect(environments.some((env) => env.PIN_PEPPER !== undefined)).toBe(true);
  });
});
