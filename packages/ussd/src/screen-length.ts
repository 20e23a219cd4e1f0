// The GSM-7 extension characters: `€`, and the rest (`^{}\[~]|` and form feed) marked in a table of ASCII.
const EURO = 0x20ac;
const ASCII_EXTENSION = new Uint8Array(128);
for (const ch of '^{}\\[~]|\f') ASCII_EXTENSION[ch.charCodeAt(0)] = 1;
const isExtension = (code: number) => (code < 128 ? ASCII_EXTENSION[code] === 1 : code === EURO);

/**
 * Characters a screen costs against the carrier budget: GSM-7 extension characters take two
 * septets (an escape and the character), everything else one; a character outside the Basic
 * Multilingual Plane (two UTF-16 units) counts once. Read by code unit, without making a
 * string of each character: every reply is measured on every hop.
 */
export function screenLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isExtension(code)) length += 1;
    else if (isLowSurrogate(code) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) length -= 1;
  }
  return length;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
