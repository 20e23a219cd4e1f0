import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Reads an amount as a member types it ("500", "500.50", "1,000") into minor units, exactly:
 * digits only, never through a float. Undefined when it is not an amount.
 */
export function parseAmount(raw: string, minorDigits = 2): bigint | undefined {
  const text = raw.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').padEnd(minorDigits, '0');
  const amount = BigInt(match[1] as string) * 10n ** BigInt(minorDigits) + BigInt(fraction === '' ? '0' : fraction);
  return amount > 0n ? amount : undefined;
}

/**
 * A phone number as members type it: local (`0712 345 678`, `712345678`) or international
 * (`+254712345678`, `254712345678`), in E.164. Undefined unless it is a valid number for a real
 * calling code, of the length that country uses (`+1234567` is no number).
 */
export function normaliseMsisdn(raw: string, countryCode: string): string | undefined {
  const text = raw.trim().replace(/[\s-]/g, '');
  if (!/^\+?\d{4,17}$/.test(text)) return undefined;
  const candidates = text.startsWith('+') ? [text] : [text, `+${text}`];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, { defaultCallingCode: countryCode });
    if (parsed?.isValid() === true) return parsed.number;
  }
  return undefined;
}
