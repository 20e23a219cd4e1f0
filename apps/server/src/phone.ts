import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The gateway's phone number in E.164 (`+254711000111`), or undefined unless it is a valid
 * number for a real calling code and of that country's length. A `+` that was not sent as
 * `%2B` arrives as a space after form decoding; it is read as the `+` it was meant to be. A
 * number without one is read as international first, then as a national number of
 * `countryCode` (`711000111` is `+254711000111` in Kenya, never `+711000111`).
 */
export function normalisePhone(raw: string, countryCode: string): string | undefined {
  const key = `${countryCode}|${raw}`;
  const known = normalised.get(key);
  if (known !== undefined) return known === '' ? undefined : known;
  const phone = parsePhone(raw, countryCode);
  // A bounded memo: every hop of a session repeats its number, and parsing it is not cheap.
  if (normalised.size >= NORMALISED_MAX) normalised.clear();
  normalised.set(key, phone ?? '');
  return phone;
}

const NORMALISED_MAX = 10_000;
const normalised = new Map<string, string>();

function parsePhone(raw: string, countryCode: string): string | undefined {
  const trimmed = raw.trim();
  const digits = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
  if (!/^\d{4,17}$/.test(digits)) return undefined;
  const international = parsePhoneNumberFromString(`+${digits}`);
  if (international?.isValid() === true) return international.number;
  if (trimmed.startsWith('+')) return undefined;
  const national = parsePhoneNumberFromString(digits, { defaultCallingCode: countryCode });
  return national?.isValid() === true ? national.number : undefined;
}

/** Enough of a phone number to follow a member through the logs, not enough to call them. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '***';
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 8)}${phone.slice(-3)}`;
}
