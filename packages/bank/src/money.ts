/**
 * Shows minor units as the member reads them: `KES 1,234.50`. Pure bigint arithmetic, so
 * no amount is ever rounded through a float.
 */
export function formatMoney(minor: bigint, currency: string, minorDigits = 2): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(minorDigits);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = minorDigits > 0 ? `.${(abs % scale).toString().padStart(minorDigits, '0')}` : '';
  return `${negative ? '-' : ''}${currency} ${whole}${fraction}`;
}
