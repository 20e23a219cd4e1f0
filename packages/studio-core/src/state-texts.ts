import { fillTemplate, type NavigationKeys, nonGsm7Characters, paginate, screenLength } from '@sacco/ussd';
import type { AnyStateNode } from 'xstate';
import type { StudioChart } from './contracts.js';
import { inputKindOf } from './state-tree.js';

/** The carriers' screen budget, `CON `/`END ` included. */
export const SCREEN_BUDGET = 182;

/** What one state shows in one language, measured as the gateway will send it. */
export interface StateText {
  readonly language: string;
  /** The screen text with sample values, before any paging. */
  readonly text: string;
  /** `CON ` or `END ` for USSD screens; empty for voice prompts. */
  readonly prefix: string;
  /** Characters against the budget (GSM-7 extension characters count twice); the prefix included. */
  readonly length: number;
  /** The budget, for USSD screens only. */
  readonly budget: number | undefined;
  /**
   * Over the budget as the member gets it: a screen the engine pages is over only when one of
   * its pages is (each page fitting is fine); any other screen when its text is. The one rule
   * for cards, details, counts and the lint (`isOverBudget`).
   */
  readonly over: boolean;
  /** The engine pages this screen (98 More) when it is long. */
  readonly paged: boolean;
  readonly pages: number;
  /** Characters GSM-7 cannot carry (USSD only): each one makes the carrier send UCS-2. */
  readonly nonGsm7: readonly string[];
  /**
   * The longest this screen gets, for screens whose text depends on data: the longest names,
   * a full statement, the largest amounts. `over` and `pages` as for the sample. UIs say
   * "paged" only when `pages > 1`.
   */
  readonly worst?: WorstCase;
}

export interface WorstCase {
  readonly text: string;
  readonly length: number;
  /** As `StateText.over`: a paged worst case is over only when one of its pages is. */
  readonly over: boolean;
  readonly pages: number;
}

/** The sample or the worst case is over the budget as the member gets it (see `StateText.over`). */
export const isOverBudget = (text: StateText) => text.over || text.worst?.over === true;

/** A USSD state that takes no input is an `END` screen: the session is over. */
export const prefixOf = (node: AnyStateNode) =>
  node.type === 'final' || inputKindOf(node) === 'none' ? 'END ' : 'CON ';

/** The state's text in each of the chart's languages, or [] when it shows nothing. */
export function stateTexts(
  chart: StudioChart,
  node: AnyStateNode,
  navigation: NavigationKeys,
  budget = SCREEN_BUDGET,
): StateText[] {
  const key = chart.messageKey(node);
  const paged = key !== undefined && chart.paged.includes(key);
  const texts: StateText[] = [];
  const overOf = (pages: readonly string[], prefix: string) =>
    pages.some((page) => screenLength(prefix + page) > budget);
  const keys = { more: navigation.more, back: navigation.back };
  for (const language of chart.languages) {
    // The page footers the engine adds, in this language (`98. Zaidi` is longer than `98. More`).
    const words = chart.catalog[language] ?? {};
    const labels = {
      more: fillTemplate(words['system.more'] ?? '{more}. More', keys),
      back: fillTemplate(words['system.back'] ?? '{back}. Back', keys),
    };
    /**
     * The text as the member gets it: its pages when the engine pages it, else itself. A footer
     * so long that no line fits beside it (a paging label being edited) cannot page the text:
     * it is then one screen, over the budget as it is.
     */
    const pagesOf = (text: string, prefix: string) => {
      if (!paged) return [text];
      try {
        return paginate(text, prefix, budget, labels);
      } catch {
        return [text];
      }
    };
    const text = chart.render(node, language);
    if (text === undefined) continue;
    if (chart.channel !== 'ussd') {
      const length = screenLength(text);
      texts.push({ language, text, prefix: '', length, budget: undefined, over: false, paged, pages: 1, nonGsm7: [] });
      continue;
    }
    const prefix = prefixOf(node);
    /** A text's length, how many pages the member gets it in, and whether it is over as they get it. */
    const measure = (shown: string) => {
      const pages = pagesOf(shown, prefix);
      return { length: screenLength(prefix + shown), over: overOf(pages, prefix), pages: pages.length };
    };
    const sample = measure(text);
    // A screen whose worst case reads the same as its sample does not depend on data.
    const worstText = chart.renderWorst?.(node, language);
    const worst =
      worstText === undefined || worstText === text ? undefined : { text: worstText, ...measure(worstText) };
    texts.push({
      language,
      text,
      prefix,
      length: sample.length,
      budget,
      over: sample.over,
      paged,
      pages: sample.pages,
      nonGsm7: nonGsm7Characters(text),
      ...(worst === undefined ? {} : { worst }),
    });
  }
  return texts;
}
