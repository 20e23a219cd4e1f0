// Currencies the gateways may see whose ISO 4217 minor unit is not 2.
const ZERO_DECIMAL_CURRENCIES = new Set(['BIF', 'GNF', 'RWF', 'UGX', 'XAF', 'XOF']);

/** How many minor digits `currency` has (ISO 4217): 0 for UGX, RWF...; 2 for KES and most others. */
export function minorDigitsOf(currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2;
}

/**
 * Reads a provider's decimal amount (a JSON number such as `1.0` or `8000`, or a string such as
 * `"100.50"`) as minor units, digit by digit, so no amount is ever multiplied through a float.
 * `String(number)` is the shortest text that reads back as the same double, which for the
 * amounts providers send is exactly the decimal they wrote. Undefined when the value is not a
 * plain non-negative decimal or has more fraction digits than the currency can hold.
 */
export function decimalToMinor(value: unknown, minorDigits = 2): bigint | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return undefined;
  const whole = match[1] ?? '0';
  // Zeros past the last significant digit carry no value: "1.000" is KES 1.00.
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > minorDigits) return undefined;
  return BigInt(whole) * 10n ** BigInt(minorDigits) + BigInt(fraction.padEnd(minorDigits, '0') || '0');
}

/**
 * Writes minor units as a decimal with `shownDigits` fraction digits (`10050n` -> `"100.50"`,
 * or `"100.5000"` with 4), for providers that take amounts as text.
 */
export function minorToDecimal(minor: bigint, minorDigits = 2, shownDigits = minorDigits): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(minorDigits);
  const whole = (abs / scale).toString();
  const fraction = minorDigits > 0 ? (abs % scale).toString().padStart(minorDigits, '0') : '';
  const shown = fraction.padEnd(shownDigits, '0').slice(0, Math.max(shownDigits, fraction.replace(/0+$/, '').length));
  return `${negative ? '-' : ''}${whole}${shown.length > 0 ? `.${shown}` : ''}`;
}

/**
 * Reads what a provider charged us (`0.1500`, quoted with more decimals than the currency
 * has) as minor units, rounded up to the next whole minor unit: we never book less than we
 * were charged. Digit by digit, never through a float. Undefined when it is not a plain
 * non-negative decimal.
 */
export function chargeToMinor(text: string, minorDigits = 2): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, minorDigits).padEnd(minorDigits, '0');
  const minor = BigInt(match[1] as string) * 10n ** BigInt(minorDigits) + BigInt(kept === '' ? '0' : kept);
  return /[1-9]/.test(fraction.slice(minorDigits)) ? minor + 1n : minor;
}
