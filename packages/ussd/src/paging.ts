import { screenLength } from './screen-length.js';

export interface PagingLabels {
  /** The line that offers the next page, e.g. "98. More". */
  readonly more: string;
  /** The line that offers the previous page, e.g. "0. Back". */
  readonly back: string;
}

/**
 * Splits a screen into pages that each fit `budget` characters once `prefix` ("CON ") is put
 * in front. Lines are never cut, so an option is never shown in half; only a single line that
 * is longer than a page on its own is broken, at spaces.
 */
export function paginate(text: string, prefix: string, budget: number, labels: PagingLabels): string[] {
  if (screenLength(prefix + text) <= budget) return [text];

  const room = budget - screenLength(prefix);
  // Every page may carry both footer lines; reserving both keeps page breaks stable.
  const footer = screenLength(`\n${labels.more}\n${labels.back}`);
  const lineRoom = room - footer;
  if (lineRoom < 20) throw new Error(`screen budget ${budget} leaves no room for paged text`);

  const lines = text.split('\n').flatMap((line) => breakLongLine(line, lineRoom));
  const bodies: string[][] = [[]];
  let used = 0;
  for (const line of lines) {
    const cost = screenLength(line) + (used === 0 ? 0 : 1);
    const current = bodies[bodies.length - 1] as string[];
    if (used + cost > lineRoom && current.length > 0) {
      bodies.push([line]);
      used = screenLength(line);
    } else {
      current.push(line);
      used += cost;
    }
  }

  return bodies.map((body, index) => {
    const footerLines: string[] = [];
    if (index < bodies.length - 1) footerLines.push(labels.more);
    if (index > 0) footerLines.push(labels.back);
    return [...body, ...footerLines].join('\n');
  });
}

function breakLongLine(line: string, room: number): string[] {
  if (screenLength(line) <= room) return [line];
  const pieces: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (screenLength(candidate) <= room) {
      current = candidate;
      continue;
    }
    if (current !== '') pieces.push(current);
    current = word;
    // A single word longer than a page (a URL, say) has to be cut somewhere.
    while (screenLength(current) > room) {
      pieces.push(current.slice(0, room));
      current = current.slice(room);
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
