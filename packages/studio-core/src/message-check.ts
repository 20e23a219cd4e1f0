import { placeholdersOf } from '@sacco/ussd';
import { unwritableCharacters } from './catalog-source.js';
import type { ChartBook } from './chart-book.js';
import { lintMenus, lintOfState, type StateLint } from './menu-lint.js';
import { stateTexts } from './state-texts.js';
import { allStateNodes } from './state-tree.js';

/** A catalog text the studio is asked to check or save. */
export interface MessageEdit {
  readonly key: string;
  readonly language: string;
  readonly text: string;
}

/** One state that shows the edited key, measured with its sample values. */
export interface CheckedScreen {
  readonly stateId: string;
  readonly length: number;
  readonly budget: number | undefined;
  readonly over: boolean;
  readonly pages: number;
  readonly nonGsm7: readonly string[];
}

/** What an edit would do, by the menu lint's own rules, before anything is saved. */
export interface MessageCheck extends MessageEdit {
  /** Characters the catalog source cannot hold; saving is refused while there are any. */
  readonly unwritable: readonly string[];
  readonly screens: readonly CheckedScreen[];
  readonly lint: readonly StateLint[];
}

/** The longest text the studio writes into a catalog: a few screens' worth, far past any budget. */
export const MAX_TEXT_LENGTH = 1000;

type Catalog = Record<string, string>;

/** Each distinct catalog of `language` the charts read (they share one; this does not assume it). */
const catalogsOf = (book: ChartBook, language: string) =>
  [...new Set(book.charts.map((chart) => chart.catalog[language]))].filter((c) => c !== undefined) as Catalog[];

/** Whether `key` is a text of `language` in the charts' catalogs. */
export const catalogHas = (book: ChartBook, language: string, key: string) =>
  catalogsOf(book, language).some((catalog) => Object.hasOwn(catalog, key));

/** The text of `key` in `language` as the catalogs hold it (placeholders unfilled). */
export const catalogText = (book: ChartBook, language: string, key: string) =>
  catalogsOf(book, language).find((catalog) => Object.hasOwn(catalog, key))?.[key];

/** Sets the text in memory: every chart, and the running service that reads the same catalogs, use it at once. */
export function setCatalogText(book: ChartBook, { key, language, text }: MessageEdit): void {
  for (const catalog of catalogsOf(book, language)) catalog[key] = text;
  book.dropCaches();
}

/** Runs `work` with the text in the catalogs, then puts the old text back (nothing async runs in between). */
function withText<T>(book: ChartBook, edit: MessageEdit, work: () => T): T {
  const catalogs = catalogsOf(book, edit.language);
  const before = catalogs.map((catalog) => catalog[edit.key]);
  for (const catalog of catalogs) catalog[edit.key] = edit.text;
  try {
    return work();
  } finally {
    catalogs.forEach((catalog, i) => {
      catalog[edit.key] = before[i] as string;
    });
  }
}

/** Placeholders the edit uses that the key's text in no language had: nothing would fill them. */
function unknownPlaceholders(book: ChartBook, { key, language, text }: MessageEdit): StateLint[] {
  const known = new Set(
    book.charts.flatMap((chart) =>
      Object.values(chart.catalog).flatMap((catalog) => placeholdersOf(catalog[key] ?? '')),
    ),
  );
  return [...new Set(placeholdersOf(text))]
    .filter((name) => !known.has(name))
    .map((name) => ({ rule: 'placeholders', language, message: `{${name}} is filled by nothing on this screen` }));
}

/** The edit measured on every state that shows its key, and linted, with the catalogs left as they were. */
export function checkMessage(book: ChartBook, edit: MessageEdit): MessageCheck {
  const placeholders = unknownPlaceholders(book, edit);
  return withText(book, edit, () => {
    const screens: CheckedScreen[] = [];
    const seen = new Set<string>();
    const lint: StateLint[] = [];
    const findings = lintMenus(book.charts, { navigation: book.navigation, budget: book.budget });
    for (const chart of book.charts) {
      for (const node of allStateNodes(chart.machine)) {
        if (seen.has(node.id) || chart.messageKey(node) !== edit.key) continue;
        seen.add(node.id);
        const text = stateTexts(chart, node, book.navigation, book.budget).find((t) => t.language === edit.language);
        if (text !== undefined) {
          const { length, budget, over, pages, nonGsm7 } = text;
          screens.push({ stateId: node.id, length, budget, over, pages, nonGsm7 });
        }
        lint.push(...lintOfState(findings, node.id, edit.key).filter((f) => f.language === edit.language));
      }
    }
    const distinct = [...new Map(lint.map((f) => [f.message, f])).values()];
    return { ...edit, unwritable: unwritableCharacters(edit.text), screens, lint: [...distinct, ...placeholders] };
  });
}
