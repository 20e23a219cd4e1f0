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

// Greek and Cyrillic letters, transliterated (ISO 843 and a plain passport style), so a name in
// those scripts stays readable on a GSM-7 screen. Capitals are derived from the small letters.
const GREEK: Readonly<Record<string, string>> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};
const capitalised = (word: string) => (word === '' ? '' : (word[0] as string).toUpperCase() + word.slice(1));
const TRANSLITERATION: ReadonlyMap<string, string> = new Map(
  [...Object.entries(GREEK), ...Object.entries(CYRILLIC)].flatMap(([small, latin]) => [
    [small, latin],
    [small.toUpperCase(), capitalised(latin)],
  ]),
);

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
 * Makes member-supplied text (a name in any script) readable on a GSM-7 screen, while the
 * database keeps it as typed: accents that GSM-7 lacks are dropped (ū -> u, Ł -> L, via NFKD),
 * typographic quotes become plain ones, Greek and Cyrillic letters are transliterated
 * (Δημήτρης -> Dimitris, Олена -> Olena), and anything else it cannot carry becomes '?'.
 */
export function toGsm7(text: string): string {
  let out = '';
  // Greek ου is one sound, written ou.
  const digraphs = text.normalize('NFC').replace(/ο[υύ]/g, 'ou').replace(/Ο[υύ]/g, 'Ou').replace(/ΟΥ/g, 'OU');
  for (const ch of digraphs) {
    if ((basic.has(ch) && !TRANSLITERATION.has(ch)) || extension.has(ch)) {
      out += ch;
      continue;
    }
    const standIn = STAND_INS[ch];
    if (standIn !== undefined) {
      out += standIn;
      continue;
    }
    const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    const latin = TRANSLITERATION.get(ch) ?? TRANSLITERATION.get(bare);
    if (latin !== undefined) {
      out += latin;
      continue;
    }
    out += [...bare].every((c) => basic.has(c)) && bare.length > 0 ? bare : '?';
  }
  return out;
}
