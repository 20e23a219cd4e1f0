/**
 * What the session remembers of the gateway's previous `text`. The text itself is never kept:
 * it carries every PIN typed in the session. Its length finds the new input, and a keyed hash
 * recognises a repeated hop and proves that the new text extends the old one.
 */
export interface TextMark {
  readonly length: number;
  readonly hash: string;
}

export type TextHasher = (text: string) => string;

export type TextChange =
  /** The same text as last time: the gateway repeated the hop. */
  | { readonly kind: 'repeat' }
  /** Inputs to feed to the machine, in order. */
  | { readonly kind: 'inputs'; readonly inputs: readonly string[] }
  /** The text does not extend the previous one; nothing can be inferred from it. */
  | { readonly kind: 'mismatch' };

export function markText(text: string, hash: TextHasher): TextMark {
  return { length: text.length, hash: hash(text) };
}

/**
 * Reads one hop's `text` against the mark left by the previous hop.
 *
 * On the first hop (no mark) a non-empty text is a shortcut dial such as `*384*303*6*1#`:
 * every `*`-separated part is an input. Later hops add exactly one input, which may itself
 * contain `*`, so it is the whole suffix after the previous text and its separator.
 */
export function readTextChange(
  previous: TextMark | undefined,
  text: string,
  hash: TextHasher,
  current: TextMark = markText(text, hash),
): TextChange {
  if (previous === undefined) {
    return { kind: 'inputs', inputs: text === '' ? [] : text.split('*') };
  }
  if (current.length === previous.length && current.hash === previous.hash) return { kind: 'repeat' };

  const separator = previous.length === 0 ? 0 : 1;
  if (text.length < previous.length + separator) return { kind: 'mismatch' };
  if (hash(text.slice(0, previous.length)) !== previous.hash) return { kind: 'mismatch' };
  if (separator === 1 && text[previous.length] !== '*') return { kind: 'mismatch' };
  return { kind: 'inputs', inputs: [text.slice(previous.length + separator)] };
}
