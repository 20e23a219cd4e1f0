// Money and times as the institution writes them: its currency and its time zone (from
// /studio/api/settings), never the browser's.

const group = new Intl.NumberFormat('en');

/**
 * Formatters for one institution. Money comes as minor units (a bigint as a string, as the
 * service sends it) or, from Daraja, as whole units; both are written `KES 1,500.00`.
 */
export function createFormat({ currency, timeZone }) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  const scale = 10n ** BigInt(digits);
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });

  /** `KES 1,500.00` from minor units; integer arithmetic, so no amount is ever rounded. */
  function minor(value) {
    if (value === undefined || value === null || value === '') return '';
    const units = BigInt(value);
    const size = units < 0n ? -units : units;
    const fraction = digits === 0 ? '' : `.${String(size % scale).padStart(digits, '0')}`;
    return `${currency} ${units < 0n ? '-' : ''}${group.format(size / scale)}${fraction}`;
  }

  return {
    currency,
    timeZone,
    minor,
    /** Whole units (Daraja's `Amount`), written like any other amount. */
    major: (value) => (value === undefined || value === null || value === '' ? '' : minor(BigInt(value) * scale)),
    /** `1 Dec, 08:10:23` in the institution's zone. */
    time: (iso) => (iso ? clock.format(new Date(iso)) : ''),
  };
}
