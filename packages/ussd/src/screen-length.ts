const EXTENSION = new Set('^{}\\[~]|€\f');

/**
 * Characters a screen costs against the carrier budget: GSM-7 extension characters take two
 * septets (an escape and the character), everything else one.
 */
export function screenLength(text: string): number {
  let length = 0;
  for (const ch of text) length += EXTENSION.has(ch) ? 2 : 1;
  return length;
}
