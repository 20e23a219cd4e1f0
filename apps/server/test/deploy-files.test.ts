import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchema, PROVIDER_VARIABLES } from '@sacco/config';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

// No Docker engine runs here (nor in CI): these checks hold the deployment files to the code
// they deploy, so a renamed variable, route or entry point cannot leave them silently stale.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const knownVariables = new Set(Object.keys(configSchema.shape));
// Secrets, and every variable a real provider needs: a deployment that cannot pass one of them
// would boot on nothing (production refuses to boot without the provider credentials).
const secretVariables = [...knownVariables].filter((name) =>
  /(_KEY|_SECRET|_PASSKEY|_CREDENTIAL|_TOKEN|_PEPPER|_PASSWORD)$/.test(name),
);
const providerVariables = [...Object.values(PROVIDER_VARIABLES).flat(), 'PUBLIC_BASE_URL', 'FAKE_PROVIDERS'];
const deployedVariables = [...new Set([...secretVariables, ...providerVariables, 'DATABASE_URL', 'REDIS_URL'])];

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');

  it('copies the manifest of every workspace package before installing', () => {
    const copied = [...dockerfile.matchAll(/^COPY (\S+\/package\.json) /gm)].map((m) => m[1]);
    const workspaces = ['apps', 'packages'].flatMap((dir) =>
      readdirSync(`${root}${dir}`)
        .map((name) => `${dir}/${name}/package.json`)
        .filter((manifest) => existsSync(`${root}${manifest}`)),
    );
    for (const manifest of [...workspaces, 'bench/package.json']) expect(copied).toContain(manifest);
  });

  it('runs the built server as a non-root user with plain node', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m);
    expect(existsSync(`${root}apps/server/src/server.ts`)).toBe(true);
    expect(runtime).toContain('/healthz');
  });
});

describe('docker/compose.yaml', () => {
  const compose = parse(read('docker/compose.yaml')) as { services: Record<string, ComposeService> };
  const { service, migrate } = compose.services as { service: ComposeService; migrate: ComposeService };

  it('runs PostgreSQL, Redis, the migrations and the service, in that order', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'postgres', 'redis', 'service']);
    expect(migrate.command).toEqual(['node', 'dist/migrate.js']);
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(service.depends_on?.redis?.condition).toBe('service_healthy');
    expect(existsSync(`${root}apps/server/src/migrate.ts`)).toBe(true);
  });

  it('sets only variables the service reads', () => {
    for (const name of [...Object.keys(service.environment ?? {}), ...Object.keys(migrate.environment ?? {})]) {
      expect(knownVariables.has(name), name).toBe(true);
    }
  });

  it('passes every secret and provider variable to the service', () => {
    expect(secretVariables).toEqual(expect.arrayContaining(['DARAJA_CONSUMER_KEY', 'AT_API_KEY', 'PIN_PEPPER']));
    for (const name of deployedVariables) expect(Object.keys(service.environment ?? {}), name).toContain(name);
    // From the environment, not written here: a value in this file would be the same on every machine.
    for (const name of [...secretVariables, ...providerVariables]) {
      expect(service.environment?.[name], name).toMatch(new RegExp(`^\\$\\{${name}(:[-?]|\\})`));
    }
  });

  it('will not start the service without a webhook token', () => {
    expect(service.environment?.WEBHOOK_TOKEN).toMatch(/^\$\{WEBHOOK_TOKEN:\?.+\}$/);
  });

  it('checks the service through its readiness route', () => {
    expect(service.healthcheck?.test.join(' ')).toContain('/readyz');
  });
});

describe('docker/k8s', () => {
  const manifests = readdirSync(`${root}docker/k8s`)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) => parseAllDocuments(read(`docker/k8s/${name}`)).map((doc) => doc.toJSON()));
  const byKind = (kind: string) => manifests.filter((m) => m?.kind === kind);

  it('configures only variables the service reads', () => {
    for (const map of [...byKind('ConfigMap'), ...byKind('Secret')]) {
      for (const name of Object.keys(map.data ?? map.stringData ?? {})) {
        expect(knownVariables.has(name), name).toBe(true);
      }
    }
  });

  it('carries every secret and provider variable, the secrets in the Secret', () => {
    const inSecret = byKind('Secret').flatMap((secret) => Object.keys(secret.data ?? secret.stringData ?? {}));
    const inConfigMap = byKind('ConfigMap').flatMap((map) => Object.keys(map.data ?? {}));
    for (const name of deployedVariables) expect([...inSecret, ...inConfigMap], name).toContain(name);
    for (const name of [...secretVariables, ...Object.values(PROVIDER_VARIABLES).flat()]) {
      expect(inSecret, name).toContain(name);
      expect(inConfigMap, name).not.toContain(name);
    }
  });

  it('gives the service and its migration the same configuration', () => {
    const [deployment] = byKind('Deployment');
    const [job] = byKind('Job');
    expect(job.spec.template.spec.containers[0].envFrom).toEqual(deployment.spec.template.spec.containers[0].envFrom);
  });

  it('probes readiness and liveness on the real routes, as a non-root user', () => {
    const [deployment] = byKind('Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  it('migrates with the built migration entry point', () => {
    const [job] = byKind('Job');
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'dist/migrate.js']);
  });
});
