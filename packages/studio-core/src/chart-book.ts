import { DEFAULT_NAVIGATION, type NavigationKeys } from '@sacco/ussd';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { buildChartGraph, type ChartGraph, type ChartNodeKind, chartNodes } from './chart-graph.js';
import { layoutChart } from './chart-layout.js';
import { renderChartSvg } from './chart-svg.js';
import type { StudioChart } from './contracts.js';
import { foldedFaults, visibleGraph } from './faults.js';
import { machineWarnings, type StateWarning } from './machine-warnings.js';
import { type LintFinding, lintMenus, lintOfState, type StateLint } from './menu-lint.js';
import { type NodeCard, nodeCard } from './node-card.js';
import { isOverBudget, SCREEN_BUDGET, type StateText, stateTexts } from './state-texts.js';
import { descendantsOf, inputKindOf, stateNodeById } from './state-tree.js';

/** A chart as the studio lists it. */
export interface ChartSummary {
  readonly id: string;
  readonly title: string;
  readonly channel: StudioChart['channel'];
  readonly languages: readonly string[];
  /** Every state id drawn on the chart, for following a session onto the right chart. */
  readonly stateIds: readonly string[];
  readonly overview: boolean;
  readonly warnings: number;
  readonly overBudget: number;
}

/** One state's details: what it shows in every language, measured, and what is wrong with it. */
export interface StateDetails {
  readonly id: string;
  readonly key: string;
  readonly kind: ChartNodeKind;
  readonly messageKey: string | undefined;
  readonly input: string | undefined;
  readonly invokes: readonly string[];
  readonly texts: readonly StateText[];
  readonly warnings: readonly StateWarning[];
  /** The menu lint's findings on this state's screen (`pnpm menus:lint`): budget, GSM-7, options, catalog. */
  readonly lint: readonly StateLint[];
}

export interface ChartDetails {
  readonly id: string;
  readonly title: string;
  readonly states: readonly StateDetails[];
  readonly warnings: readonly StateWarning[];
}

/** How a chart is drawn. */
export interface SvgDrawOptions {
  /** Draw the failure, locked and error transitions (dashed) instead of folding them into a badge per state. */
  readonly faults?: boolean;
}

export interface ChartBookOptions {
  readonly navigation?: NavigationKeys;
  readonly budget?: number;
}

const invokedBy = (node: AnyStateNode) => (node.invoke as readonly { src: unknown }[]).map((i) => String(i.src));

/**
 * The studio's charts, drawn on demand and kept: machines do not change while the service
 * runs, so each chart is laid out once per language. Texts can (the studio's copy editing):
 * `dropCaches` forgets every drawing and measure after an edit.
 */
export function createChartBook(charts: readonly StudioChart[], options: ChartBookOptions = {}) {
  const navigation = options.navigation ?? DEFAULT_NAVIGATION;
  const budget = options.budget ?? SCREEN_BUDGET;
  const warningsByMachine = new Map<AnyStateMachine, StateWarning[]>();
  const graphs = new Map<string, ChartGraph>();
  const svgs = new Map<string, Promise<string>>();

  const byId = (id: string) => charts.find((chart) => chart.id === id);
  const warningsOf = (machine: AnyStateMachine) => {
    let warnings = warningsByMachine.get(machine);
    if (warnings === undefined) {
      warnings = machineWarnings(machine);
      warningsByMachine.set(machine, warnings);
    }
    return warnings;
  };
  // Per language: the edges are labelled with the words of each screen's options.
  const graphOf = (chart: StudioChart, language: string) => {
    const key = `${chart.id}:${language}`;
    let graph = graphs.get(key);
    if (graph === undefined) {
      graph = buildChartGraph(chart, navigation, language);
      graphs.set(key, graph);
    }
    return graph;
  };

  let lintFindings: LintFinding[] | undefined;
  const lint = () => {
    lintFindings ??= lintMenus(charts, { navigation, budget });
    return lintFindings;
  };

  const detailsCache = new Map<string, ChartDetails>();
  function details(chart: StudioChart): ChartDetails {
    const cached = detailsCache.get(chart.id);
    if (cached !== undefined) return cached;
    const computed = computeDetails(chart);
    detailsCache.set(chart.id, computed);
    return computed;
  }

  function computeDetails(chart: StudioChart): ChartDetails {
    const graph = graphOf(chart, chart.languages[0] ?? 'en');
    const warnings = warningsOf(chart.machine);
    const states = [...chartNodes(graph.root)]
      .filter((node) => node.stateNode !== chart.machine.root)
      .map((node) => {
        const messageKey = chart.messageKey(node.stateNode);
        return {
          id: node.id,
          key: node.stateNode.key,
          kind: node.kind,
          messageKey,
          input: inputKindOf(node.stateNode),
          invokes: invokedBy(node.stateNode),
          texts: stateTexts(chart, node.stateNode, navigation, budget),
          warnings: warnings.filter((w) => w.stateId === node.id),
          lint: lintOfState(lint(), node.id, messageKey),
        };
      });
    const drawn = new Set(states.map((s) => s.id));
    return { id: chart.id, title: chart.title, states, warnings: warnings.filter((w) => drawn.has(w.stateId)) };
  }

  function summary(chart: StudioChart): ChartSummary {
    const top = chart.root === undefined ? chart.machine.root : stateNodeById(chart.machine, chart.root);
    const ids = [top, ...descendantsOf(top)].filter((n) => n !== chart.machine.root).map((n) => n.id);
    const d = details(chart);
    return {
      id: chart.id,
      title: chart.title,
      channel: chart.channel,
      languages: chart.languages,
      stateIds: ids,
      overview: chart.collapsed === true,
      warnings: d.warnings.length,
      overBudget: d.states.filter((s) => s.texts.some(isOverBudget)).length,
    };
  }

  async function draw(chart: StudioChart, language: string, faults: boolean): Promise<string> {
    const graph = visibleGraph(graphOf(chart, language), faults);
    const folded = faults ? new Map<string, readonly string[]>() : foldedFaults(graphOf(chart, language));
    const d = details(chart);
    const cards = new Map<string, NodeCard>();
    for (const node of chartNodes(graph.root)) {
      const state = d.states.find((s) => s.id === node.id);
      const text = state?.texts.find((t) => t.language === language);
      cards.set(node.id, nodeCard(node, text, state?.invokes ?? [], folded.get(node.id)));
    }
    const layout = await layoutChart(graph, cards);
    const title = `${chart.title} (${language}${faults ? ', faults shown' : ''})`;
    return renderChartSvg(graph, layout, { title, cards, warnings: d.warnings });
  }

  return {
    charts,
    navigation,
    budget,
    list: (): ChartSummary[] => charts.map(summary),
    /** Forgets every measure, lint and drawing: a catalog text changed, so charts are drawn anew. */
    dropCaches() {
      lintFindings = undefined;
      // Graphs too: edges are labelled with the words of each screen's options.
      graphs.clear();
      detailsCache.clear();
      svgs.clear();
    },
    details(id: string): ChartDetails | undefined {
      const chart = byId(id);
      return chart === undefined ? undefined : details(chart);
    },
    /**
     * The chart as SVG in `language`, its fault transitions folded into a badge per state
     * unless `faults` is set; undefined for an unknown chart or language.
     */
    svg(id: string, language: string, options: SvgDrawOptions = {}): Promise<string> | undefined {
      const chart = byId(id);
      if (chart === undefined || !chart.languages.includes(language as never)) return undefined;
      const faults = options.faults === true;
      const key = `${id}:${language}:${faults ? 'faults' : 'folded'}`;
      let svg = svgs.get(key);
      if (svg === undefined) {
        svg = draw(chart, language, faults);
        // A failed layout is not kept: the next request tries again.
        svg.catch(() => svgs.delete(key));
        svgs.set(key, svg);
      }
      return svg;
    },
  };
}

export type ChartBook = ReturnType<typeof createChartBook>;
