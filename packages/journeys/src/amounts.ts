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
 * (`+254712345678`, `254712345678`), in E.164. Undefined when it is not a mobile number.
 */
export function normaliseMsisdn(raw: string, countryCode: string): string | undefined {
  const digits = raw.trim().replace(/[\s-]/g, '');
  let national: string;
  if (/^\+\d+$/.test(digits)) return /^\+[1-9]\d{7,14}$/.test(digits) ? digits : undefined;
  if (digits.startsWith(countryCode) && digits.length > countryCode.length + 8)
    national = digits.slice(countryCode.length);
  else if (digits.startsWith('0')) national = digits.slice(1);
  else national = digits;
  return /^[1-9]\d{8}$/.test(national) ? `+${countryCode}${national}` : undefined;
}
