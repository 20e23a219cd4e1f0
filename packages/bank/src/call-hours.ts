/** Local hours in which the institution places calls: from `from`:00 to `to`:00. */
export interface CallHours {
  readonly from: number;
  readonly to: number;
}

const HOUR = 3_600_000;

/**
 * When a call asked for at `now` may be placed: now, inside the local call hours (the
 * institution's time zone, `utcOffsetMinutes` east of UTC); otherwise the next opening.
 */
export function nextCallTime(now: Date, hours: CallHours, utcOffsetMinutes: number): Date {
  const offset = utcOffsetMinutes * 60_000;
  const local = now.getTime() + offset;
  const dayStart = Math.floor(local / (24 * HOUR)) * 24 * HOUR;
  const hour = (local - dayStart) / HOUR;
  if (hour >= hours.from && hour < hours.to) return now;
  const opening = dayStart + hours.from * HOUR + (hour >= hours.to ? 24 * HOUR : 0);
  return new Date(opening - offset);
}
