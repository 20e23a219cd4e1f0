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
  it("names the navigation keys in the chart's language on every edge, never mixing two", () => {
    // The deposit's confirmation lists 1 and 2 but not 0, which leaves to the main menu as 2 does:
    // its Back is named as Kiswahili names it, not "0 Back, 2 Ghairi".
    const cancel = ['deposit', 'session.deposit.confirm', 'exit:session.mainMenu'] as const;
    expect(edgeLabels(...cancel, 'sw')).toEqual(['0 Rudi', '2 Ghairi']);
    expect(edgeLabels(...cancel, 'en')).toEqual(['0 Back', '2 Cancel']);
    for (const chart of STUDIO_CHARTS.filter((c) => c.channel === 'ussd')) {
      const labels = buildChartGraph(chart, DEFAULT_NAVIGATION, 'sw').edges.flatMap((e) => e.labels);
      expect(
        labels.filter((label) => /^\d+ (Back|Home|More|Main menu)$/.test(label)),
        chart.id,
      ).toEqual([]);
    }
  });

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
