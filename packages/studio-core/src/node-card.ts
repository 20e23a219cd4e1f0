import type { ChartNode } from './chart-graph.js';
import { isOverBudget, type StateText } from './state-texts.js';

// Charts are drawn in the system's monospace font: no web font to ship, and text width is
// simply characters times a constant, so the layout can be computed in Node.
export const FONT_SIZE = 11;
export const CHAR_WIDTH = FONT_SIZE * 0.61;
export const LINE_HEIGHT = 14;
export const PADDING = 8;
/** Room for the title of a box that holds other states. */
export const COMPOUND_HEADER = 30;
const WRAP = 30;

/** What a state's box shows: its name, its screen as the member reads it, and its measure. */
export interface NodeCard {
  readonly title: string;
  readonly lines: readonly string[];
  /** e.g. "CON 57/182", or "CON 57, 171/182 worst" for a screen whose length depends on data; absent for states that show nothing. */
  readonly badge: string | undefined;
  /** The sample or the worst case is over the budget as the member gets it (a paged screen: a page is). */
  readonly over: boolean;
  /** e.g. "3 faults": the failure, locked and error transitions folded into this state; absent when none are. */
  readonly faultBadge: string | undefined;
  /** One line per folded fault, e.g. "error -> failure", for the badge's tooltip. */
  readonly faults: readonly string[];
  readonly notes: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Breaks a line at spaces to at most `width` characters (a word longer than that is cut). */
export function wrapLine(line: string, width = WRAP): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = word;
    while (current.length > width) {
      out.push(current.slice(0, width));
      current = current.slice(width);
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** A count and its noun, the noun plural unless the count is one: `1 fault`, `3 faults`. */
export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const textWidth = (text: string, size = FONT_SIZE) => Math.ceil(text.length * size * 0.61);

/** The length badge: the sample's length, and the worst case's when the screen depends on data. */
function lengthBadge(text: StateText): string {
  if (text.budget === undefined) return plural(text.length, 'char');
  const prefix = text.prefix.trim();
  if (text.worst === undefined) return `${prefix} ${text.length}/${text.budget}`;
  return `${prefix} ${text.length}, ${text.worst.length}/${text.budget} worst`;
}

/** "paged" only where there is more than one page: in the sample, or at worst. */
function pagedNote(text: StateText): string | undefined {
  if (!text.paged) return undefined;
  const worst = text.worst?.pages ?? 1;
  if (text.pages > 1) return `paged: ${text.pages} pages (${worst} at worst)`;
  return worst > 1 ? `paged at worst: ${worst} pages` : undefined;
}

/**
 * The card of a leaf state (or of a collapsed one) in one language; `faults` are the lines of
 * the fault transitions folded into it (empty when they are drawn).
 */
export function nodeCard(
  node: ChartNode,
  text: StateText | undefined,
  invoked: readonly string[],
  faults: readonly string[] = [],
): NodeCard {
  const title = node.stateNode.key;
  const lines: string[] = [];
  const notes: string[] = [];
  if (node.kind === 'working') lines.push(...invoked.map((src) => `runs ${src}`));
  if (text !== undefined) lines.push(...text.text.split('\n').flatMap((line) => wrapLine(line)));
  const paged = text === undefined ? undefined : pagedNote(text);
  if (paged !== undefined) notes.push(paged);
  const badge = text === undefined ? undefined : lengthBadge(text);
  const faultBadge = faults.length === 0 ? undefined : plural(faults.length, 'fault');
  const titleRow = textWidth(title, FONT_SIZE + 1) + (badge === undefined ? 0 : textWidth(badge) + 12);
  // A box that holds states has its fault badge in its header; a leaf has it on a row of its own.
  const faultRow =
    faultBadge === undefined ? 0 : textWidth(faultBadge) + (node.kind === 'compound' ? titleRow + 12 : 0);
  const widest = Math.max(titleRow, faultRow, ...lines.map((l) => textWidth(l)), ...notes.map((n) => textWidth(n)));
  const rows = 1 + lines.length + notes.length + (faultBadge !== undefined && node.kind !== 'compound' ? 1 : 0);
  const over = text !== undefined && isOverBudget(text);
  return {
    title,
    lines,
    badge,
    over,
    faultBadge,
    faults,
    notes,
    width: Math.max(110, widest + 2 * PADDING),
    height: rows * LINE_HEIGHT + 2 * PADDING + (lines.length > 0 ? 4 : 0),
  };
}
