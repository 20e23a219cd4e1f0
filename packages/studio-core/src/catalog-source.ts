/**
 * Edits one entry of a catalog source file (`packages/journeys/src/messages/en.ts`) the way a
 * person would: only that entry's string literal changes, written as the formatter would write
 * it, so the file stays formatted, type-checks and reads as hand-made in a diff.
 */

/** The formatter's line width (biome.json): an entry longer than this puts its text on a line of its own. */
const LINE_WIDTH = 120;

/** A single- or double-quoted string literal on one line, escapes included. */
const LITERAL = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Characters a catalog text may not hold: controls other than the newline, and the line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNWRITABLE = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/;

export class CatalogSourceError extends Error {}

// A lone surrogate half: no character at all. The running catalog would keep it while the
// file, written as UTF-8, would get U+FFFD: the two would disagree.
const LONE_SURROGATE = /^[\ud800-\udfff]$/;

/** The characters of `text` that a catalog entry cannot hold (see UNWRITABLE, lone surrogates), each once. */
export function unwritableCharacters(text: string): string[] {
  return [...new Set([...text].filter((c) => UNWRITABLE.test(c) || LONE_SURROGATE.test(c)))];
}

/**
 * `text` as a TypeScript string literal: single quotes unless the text has more single than
 * double quotes (the formatter's rule), backslashes, the quote and newlines escaped.
 */
export function stringLiteral(text: string): string {
  const singles = text.split("'").length - 1;
  const doubles = text.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  const body = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/**
 * `source` with the entry `key` set to `text`. The entry is `'key': 'text',` on one line, or
 * with the literal on the next line when the line would pass the width; the key must appear
 * exactly once.
 */
export function replaceCatalogEntry(source: string, key: string, text: string): string {
  const bad = unwritableCharacters(text);
  if (bad.length > 0)
    throw new CatalogSourceError(`the text has characters a catalog cannot hold: ${JSON.stringify(bad)}`);
  const quotedKey = `(?:'${escapeRegExp(key)}'|"${escapeRegExp(key)}")`;
  const entry = new RegExp(`^([ \\t]*)(${quotedKey}):\\s*(?:${LITERAL}),[ \\t]*$`, 'gm');
  const matches = [...source.matchAll(entry)];
  if (matches.length !== 1) {
    throw new CatalogSourceError(`"${key}" appears ${matches.length} times as an entry, not once`);
  }
  const [match] = matches as [RegExpExecArray];
  const [whole, indent = '', writtenKey = ''] = match;
  const literal = stringLiteral(text);
  const oneLine = `${indent}${writtenKey}: ${literal},`;
  const written = oneLine.length <= LINE_WIDTH ? oneLine : `${indent}${writtenKey}:\n${indent}  ${literal},`;
  const start = match.index ?? 0;
  return source.slice(0, start) + written + source.slice(start + whole.length);
}
