/** Text made safe to put into HTML, attribute values included. */
export const escapeHtml = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A count and its noun, the noun plural unless the count is one: `1 state`, `12 states`. */
export const plural = (count, word, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;

/** The languages' names as the page shows them; a code it does not know is shown as it is. */
const LANGUAGE_NAMES = { en: 'English', sw: 'Kiswahili' };
export const languageName = (code) => LANGUAGE_NAMES[code] ?? code;

/** Characters written so a person can tell them apart: `"–" (U+2013)`. */
export const describeCharacters = (characters) =>
  characters.map((c) => `"${c}" (U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
