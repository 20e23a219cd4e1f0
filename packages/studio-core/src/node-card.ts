import type { ChartNode } from './chart-graph.js';
import type { StateText } from './state-texts.js';

// Charts are drawn in the system's monospace font: no web font to ship, and text width is
// simply characters times a constant, so the layout can be computed in Node.
export const FONT_SIZE = 11;
export const CHAR_WIDTH = FONT_SIZE * 0.61;
export const LINE_HEIGHT = 14;
export const PADDING = 8;
/** Room for the title of a box that holds other states. */
export const COMPOUND_HEADER = 30;
const WRAP = 34;

/** What a state's box shows: its name, its screen as the member reads it, and its measure. */
export interface NodeCard {
  readonly title: string;
  readonly lines: readonly string[];
  /** e.g. "CON 57/182"; absent for states that show nothing. */
  readonly badge: string | undefined;
  readonly over: boolean;
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

export const textWidth = (text: string, size = FONT_SIZE) => Math.ceil(text.length * size * 0.61);

/** The card of a leaf state (or of a collapsed one) in one language. */
export function nodeCard(node: ChartNode, text: StateText | undefined, invoked: readonly string[]): NodeCard {
  const title = node.stateNode.key;
  const lines: string[] = [];
  const notes: string[] = [];
  if (node.kind === 'working') lines.push(...invoked.map((src) => `runs ${src}`));
  if (text !== undefined) lines.push(...text.text.split('\n').flatMap((line) => wrapLine(line)));
  if (text?.paged) notes.push(`long lists are paged (${text.pages} page${text.pages === 1 ? '' : 's'} here)`);
  const badge =
    text === undefined
      ? undefined
      : text.budget === undefined
        ? `${text.length} chars`
        : `${text.prefix.trim()} ${text.length}/${text.budget}`;
  const titleRow = textWidth(title, FONT_SIZE + 1) + (badge === undefined ? 0 : textWidth(badge) + 12);
  const widest = Math.max(titleRow, ...lines.map((l) => textWidth(l)), ...notes.map((n) => textWidth(n)));
  const rows = 1 + lines.length + notes.length;
  return {
    title,
    lines,
    badge,
    over: text?.over === true && !text.paged,
    notes,
    width: Math.max(110, widest + 2 * PADDING),
    height: rows * LINE_HEIGHT + 2 * PADDING + (lines.length > 0 ? 4 : 0),
  };
}
