/** What each key on a screen does, as the screen itself says it: `1` -> `Confirm`, `0` -> `Back`. */
export type ScreenOptions = ReadonlyMap<string, string>;

// An option is a key, a dot and its words, at the start of a line or after the previous
// option on the same line ("0. Back 00. Main menu"). Amounts such as "500.00" never match:
// their dot is followed by a digit, not a space.
const OPTION = /(?:^|\s)(\d{1,3})\.\s+(\S.*?)(?=\s+\d{1,3}\.\s|$)/g;

/** The numbered options of a screen text, by key; the first wording of a key wins. */
export function screenOptions(text: string): ScreenOptions {
  const options = new Map<string, string>();
  for (const line of text.split('\n')) {
    for (const [, key, words] of line.matchAll(OPTION)) {
      if (key !== undefined && words !== undefined && !options.has(key)) options.set(key, words.trim());
    }
  }
  return options;
}
