import { DEFAULT_NAVIGATION, type NavigationKeys } from '@sacco/ussd';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { StudioChart } from './contracts.js';
import { machineWarnings } from './machine-warnings.js';
import { SCREEN_BUDGET, stateTexts } from './state-texts.js';
import { allStateNodes, transitionGroups } from './state-tree.js';

export type LintRule =
  | 'budget'
  | 'gsm7'
  | 'options'
  | 'unreachable'
  | 'dead-end'
  | 'catalog-missing'
  | 'catalog-unused';

export interface LintFinding {
  readonly machine: string;
  readonly stateId: string | undefined;
  readonly rule: LintRule;
  readonly message: string;
  /** The language of the screen text found wrong, for findings about one language's text. */
  readonly language?: string;
}

/** The option numbers of a screen: every `N. ` on the lines that start with one. */
export function optionNumbers(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\d+\.\s/.test(line))
    .flatMap((line) => [...line.matchAll(/(?:^|\s)(\d+)\.\s/g)].map((m) => m[1] as string));
}

function screenFindings(chart: StudioChart, node: AnyStateNode, navigation: NavigationKeys, budget: number) {
  const findings: Omit<LintFinding, 'machine'>[] = [];
  for (const text of stateTexts(chart, node, navigation, budget)) {
    const where = `${node.id} (${text.language})`;
    if (text.over) {
      findings.push({
        stateId: node.id,
        language: text.language,
        rule: 'budget',
        message: `${where}: ${text.length} characters, over the budget of ${text.budget}`,
      });
    }
    if (text.nonGsm7.length > 0) {
      findings.push({
        stateId: node.id,
        language: text.language,
        rule: 'gsm7',
        message: `${where}: not GSM-7: ${text.nonGsm7.map((c) => JSON.stringify(c)).join(' ')}`,
      });
    }
    const options = optionNumbers(text.text);
    const repeated = options.filter((option, i) => options.indexOf(option) !== i);
    if (repeated.length > 0) {
      findings.push({
        stateId: node.id,
        language: text.language,
        rule: 'options',
        message: `${where}: option ${[...new Set(repeated)].join(', ')} shown twice`,
      });
    }
  }
  return findings;
}

/** Catalog keys a machine names in its actions' params (`error`, `notice`...), e.g. `error.pinWrong`. */
function keysInActions(node: AnyStateNode, known: ReadonlySet<string>): string[] {
  const transitions = transitionGroups(node).flat();
  const actions = [...transitions.flatMap((t) => t.actions as unknown[]), ...[node.config.entry ?? []].flat()];
  const keys: string[] = [];
  for (const action of actions) {
    const params = (action as { params?: unknown } | undefined)?.params;
    if (typeof params !== 'object' || params === null) continue;
    for (const value of Object.values(params)) {
      // A string that looks like a key (`area.name`) and one the catalog has in some language.
      if (typeof value === 'string' && (known.has(value) || /^(error|notice|screen|prompt)\.\w/.test(value))) {
        keys.push(value);
      }
    }
  }
  return keys;
}

function catalogFindings(chart: StudioChart, nodes: readonly AnyStateNode[]) {
  const findings: Omit<LintFinding, 'machine'>[] = [];
  const languages = Object.keys(chart.catalog);
  const known = new Set(languages.flatMap((language) => Object.keys(chart.catalog[language] ?? {})));
  const used = new Map<string, string>();
  for (const node of nodes) {
    const shown = chart.messageKey(node);
    if (shown !== undefined) used.set(shown, node.id);
    for (const key of keysInActions(node, known)) if (!used.has(key)) used.set(key, node.id);
  }
  for (const [key, stateId] of used) {
    for (const language of chart.languages) {
      if (chart.catalog[language]?.[key] === undefined) {
        findings.push({
          stateId,
          language,
          rule: 'catalog-missing',
          message: `${stateId}: "${key}" is not in the ${language} catalog`,
        });
      }
    }
  }
  for (const key of known) {
    for (const language of languages) {
      if (chart.catalog[language]?.[key] === undefined) {
        findings.push({
          stateId: undefined,
          language,
          rule: 'catalog-missing',
          message: `"${key}" is missing in ${language}`,
        });
      }
    }
    if (key.startsWith(chart.shownKeyPrefix) && !used.has(key) && !chart.engineKeys?.includes(key)) {
      findings.push({ stateId: undefined, rule: 'catalog-unused', message: `"${key}" is shown by no state` });
    }
  }
  return findings;
}

/**
 * Checks the menus of every chart's machine (each machine once, however many charts draw it):
 * every screen in every language within the budget and GSM-7, option numbers unique per screen,
 * every state reachable, no dead ends, every catalog key used and defined.
 */
export function lintMenus(
  charts: readonly StudioChart[],
  options: { navigation?: NavigationKeys; budget?: number } = {},
): LintFinding[] {
  const navigation = options.navigation ?? DEFAULT_NAVIGATION;
  const budget = options.budget ?? SCREEN_BUDGET;
  const machines = new Map<AnyStateMachine, StudioChart>();
  for (const chart of charts) if (!machines.has(chart.machine)) machines.set(chart.machine, chart);

  const findings: LintFinding[] = [];
  for (const [machine, chart] of machines) {
    const nodes = allStateNodes(machine);
    const own = [
      ...nodes.flatMap((node) => screenFindings(chart, node, navigation, budget)),
      ...machineWarnings(machine).map((w) => ({
        stateId: w.stateId,
        rule: w.kind,
        message: `${w.stateId}: ${w.message}`,
      })),
      ...catalogFindings(chart, nodes),
    ];
    findings.push(...own.map((finding) => ({ machine: machine.id, ...finding })));
  }
  return findings;
}

/** What the details panel shows of a finding: the rule, the message and the language it is about. */
export interface StateLint {
  readonly rule: string;
  readonly message: string;
  readonly language?: string;
}

// Reachability and dead ends are the machine's own warnings, which the details show already.
const MACHINE_RULES: ReadonlySet<string> = new Set(['unreachable', 'dead-end']);

/** The findings about one state's screen: those on the state, and those on its message key anywhere. */
export function lintOfState(
  findings: readonly LintFinding[],
  stateId: string,
  messageKey: string | undefined,
): StateLint[] {
  const quoted = messageKey === undefined ? undefined : `"${messageKey}"`;
  return findings
    .filter((f) => !MACHINE_RULES.has(f.rule))
    .filter((f) => f.stateId === stateId || (quoted !== undefined && f.message.includes(quoted)))
    .map(({ rule, message, language }) => (language === undefined ? { rule, message } : { rule, message, language }));
}
