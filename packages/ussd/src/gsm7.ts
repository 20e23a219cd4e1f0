// The GSM 03.38 default alphabet and its extension table. A USSD screen with one character
// outside them is sent as UCS-2, which cuts the carrier's budget from 182 to about 70.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '^{}\\[~]|€\f';

// Letters and marks that Unicode does not decompose into a GSM-7 base, with their usual stand-ins.
const STAND_INS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '\u00a0': ' ',
};

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

/** True when every character of `text` can be sent in the GSM-7 alphabet. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extension.has(ch)) return false;
  return true;
}

/** The characters of `text` that GSM-7 cannot carry, each listed once. */
export function nonGsm7Characters(text: string): string[] {
  return [...new Set([...text].filter((ch) => !basic.has(ch) && !extension.has(ch)))];
}

/**
 * Makes member-supplied text (a name in any script) safe to put on a screen: accents that
 * GSM-7 lacks are dropped (ú -> u, Ł -> L), typographic quotes become plain ones, and anything
 * else it cannot carry becomes '?'.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (basic.has(ch) || extension.has(ch)) {
      out += ch;
      continue;
    }
    const standIn = STAND_INS[ch];
    if (standIn !== undefined) {
      out += standIn;
      continue;
    }
    const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...bare].every((c) => basic.has(c)) && bare.length > 0 ? bare : '?';
  }
  return out;
}
