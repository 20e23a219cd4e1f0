import { DEFAULT_NAVIGATION } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { STUDIO_CHARTS } from './charts.js';
import { modelPaths } from './model-paths.js';

const modelled = STUDIO_CHARTS.filter((chart, index, all) => {
  const first = all.findIndex((other) => other.machine === chart.machine);
  return chart.model !== undefined && first === index;
});

describe('model paths', () => {
  it.each(modelled.map((chart) => [chart.machine.id, chart] as const))(
    'enter every state of the %s machine, from a dial, one typed input per hop',
    (_id, chart) => {
      const model = chart.model;
      if (model === undefined) throw new Error('no model');
      const coverage = modelPaths(chart.machine, model, { navigation: DEFAULT_NAVIGATION });
      expect(coverage.missing).toEqual([]);
      expect(coverage.stuck).toEqual([]);
      for (const path of coverage.paths) {
        expect(path.hops[0]?.input).toBeUndefined();
        expect(path.hops.slice(1).every((hop) => typeof hop.input === 'string')).toBe(true);
        // Only the last hop may end the session.
        expect(path.hops.slice(0, -1).some((hop) => hop.end)).toBe(false);
      }
    },
    30_000,
  );

  it('never runs away: past its limit the walk stops with a clear error', () => {
    const chart = modelled[0];
    if (chart?.model === undefined) throw new Error('no model');
    expect(() => modelPaths(chart.machine, chart.model as never, { navigation: DEFAULT_NAVIGATION, limit: 5 })).toThrow(
      /passed 5 states/,
    );
  });
});
