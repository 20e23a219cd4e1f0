import { DEFAULT_NAVIGATION } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { buildChartGraph } from './chart-graph.js';
import { STUDIO_CHARTS } from './charts.js';

const chartOf = (id: string) => {
  const chart = STUDIO_CHARTS.find((c) => c.id === id);
  if (chart === undefined) throw new Error(`no chart ${id}`);
  return chart;
};

/** The labels of the edges from `source` to `target`, as the chart draws them in `language`. */
function edgeLabels(chartId: string, source: string, target: string, language = 'en') {
  const graph = buildChartGraph(chartOf(chartId), DEFAULT_NAVIGATION, language);
  return graph.edges.filter((e) => e.source === source && e.target === target).flatMap((e) => e.labels);
}

describe('chart graph', () => {
  it('draws an eventless transition as an "auto" edge named by its guard', () => {
    // A PIN already checked this session skips the statement's PIN screen on its own.
    expect(edgeLabels('account', 'session.account.statement.askPin', 'session.account.statement.loading')).toEqual([
      'auto: PIN checked',
    ]);
    expect(edgeLabels('account', 'session.account.balance.askPin', 'session.account.balance.loading')).toEqual([
      'auto: PIN checked',
    ]);
    // The PIN typed still goes through the check.
    expect(edgeLabels('account', 'session.account.statement.askPin', 'session.account.statement.checkingPin')).toEqual([
      'PIN',
    ]);
  });
});
