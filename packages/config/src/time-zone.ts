/**
 * The institution's time zone for `Intl.DateTimeFormat`, from UTC_OFFSET_MINUTES: a whole-hour
 * offset as its IANA `Etc/GMT` zone (whose sign is inverted: UTC+3 is `Etc/GMT-3`), any other as
 * an offset zone such as `+05:30`, which ECMA-402 accepts where no `Etc` zone exists.
 */
export function timeZoneOf(utcOffsetMinutes: number): string {
  if (utcOffsetMinutes === 0) return 'Etc/UTC';
  const hours = Math.abs(utcOffsetMinutes) / 60;
  if (Number.isInteger(hours) && hours <= 14) return `Etc/GMT${utcOffsetMinutes > 0 ? '-' : '+'}${hours}`;
  const minutes = Math.abs(utcOffsetMinutes);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${utcOffsetMinutes > 0 ? '+' : '-'}${hh}:${mm}`;
}
