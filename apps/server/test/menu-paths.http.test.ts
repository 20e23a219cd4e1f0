import { randomUUID } from 'node:crypto';
import { loadConfig } from '@sacco/config';
import { STUDIO_LOAN_POLICY, STUDIO_SETTINGS } from '@sacco/journeys';
import { type ModelPath, modelPaths, STUDIO_CHARTS, type StudioChart } from '@sacco/studio-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loanPolicy, moneyLimits } from '../src/domain.js';
import { postHop } from './support/gateway.js';
import { scenarioWorlds } from './support/scenario-worlds.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Model-based tests: for every USSD machine of the studio, walks generated from its graph
// (xstate/graph shortest paths over sample inputs and effect answers) that together enter
// every state, each replayed as gateway hops against the real service.
const navigation = { back: '0', home: '00', more: '98' };
const ussdCharts = STUDIO_CHARTS.filter((chart) => chart.channel === 'ussd' && chart.model !== undefined);
const machines = new Map<StudioChart['machine'], StudioChart>();
for (const chart of ussdCharts) if (!machines.has(chart.machine)) machines.set(chart.machine, chart);

let live: TestApp;
let offline: TestApp;
let worlds: ReturnType<typeof scenarioWorlds>;

beforeAll(async () => {
  const env = { STUDIO: 'on', RATE_LIMIT_HOPS: '100000' };
  // The same service with PostgreSQL out of reach, for the paths that end on the failure screen.
  [live, offline] = await Promise.all([
    startTestApp(env),
    startTestApp({ ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:9/unreachable' }),
  ]);
  worlds = scenarioWorlds(live, offline);
  await worlds.prepare();
});
afterAll(async () => {
  await Promise.all([live?.close(), offline?.close()]);
});

const describePath = (path: ModelPath) =>
  `${path.scenario}: dial${path.hops
    .slice(1)
    .map((hop) => ` ${hop.input}`)
    .join(',')} -> ${path.hops.at(-1)?.state}`;

async function replay(path: ModelPath) {
  const world = await worlds.world(path.scenario);
  const sessionId = `ATUid_paths_${randomUUID()}`;
  let text = '';
  for (const [index, hop] of path.hops.entries()) {
    if (hop.input !== undefined) text = text === '' ? hop.input : `${text}*${hop.input}`;
    const response = await postHop(world.app, {
      sessionId,
      serviceCode: '*384*303#',
      phoneNumber: world.phone,
      networkCode: '63902',
      text,
    });
    const where = `hop ${index} (${hop.input ?? 'dial'})`;
    expect(response.statusCode, where).toBe(200);
    expect({ state: response.headers['x-ussd-state'], end: response.body.startsWith('END ') }, where).toEqual({
      state: hop.state,
      end: hop.end,
    });
    if (index === 0) await world.afterDial?.();
  }
}

describe('the studio draws screens with the settings these tests run', () => {
  it('has the default limits and navigation keys of the configuration', () => {
    const config = loadConfig({});
    expect(STUDIO_SETTINGS.limits).toEqual(moneyLimits(config));
    expect(STUDIO_SETTINGS.navigation).toEqual({ back: config.NAV_BACK, home: config.NAV_HOME, more: config.NAV_MORE });
    expect(navigation).toEqual(STUDIO_SETTINGS.navigation);
    expect({ min: STUDIO_SETTINGS.loanMin, terms: STUDIO_SETTINGS.loanTerms }).toEqual({
      min: loanPolicy(config).min,
      terms: loanPolicy(config).termsDays,
    });
    expect(STUDIO_SETTINGS.lockMinutes).toBe(config.PIN_LOCK_MINUTES);
    const { min, cap, savingsMultiplier } = loanPolicy(config);
    expect(STUDIO_LOAN_POLICY).toEqual({ min, cap, savingsMultiplier });
  });
});

for (const [machine, chart] of machines) {
  const model = chart.model;
  if (model === undefined) continue;
  const coverage = modelPaths(machine, model, { navigation });

  describe(`paths through the ${machine.id} machine`, () => {
    it('enter every state', () => {
      const stuck = coverage.stuck.map(
        (s) => `${s.stateId} runs ${s.src}, which scenario "${s.scenario}" cannot answer`,
      );
      expect({ missing: coverage.missing, stuck: coverage.missing.length === 0 ? [] : stuck }).toEqual({
        missing: [],
        stuck: [],
      });
    });

    it.each(coverage.paths.map((path) => [describePath(path), path] as const))('%s', async (_name, path) => {
      await replay(path);
    });
  });
}
