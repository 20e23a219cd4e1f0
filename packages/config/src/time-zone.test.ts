import { describe, expect, it } from 'vitest';
import { timeZoneOf } from './time-zone.js';

// A clock time in the zone, as the studio page formats it.
const localTime = (zone: string, iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

describe('timeZoneOf', () => {
  it('names whole-hour offsets by their Etc zone, sign inverted as IANA writes it', () => {
    expect(timeZoneOf(180)).toBe('Etc/GMT-3');
    expect(timeZoneOf(-300)).toBe('Etc/GMT+5');
    expect(timeZoneOf(0)).toBe('Etc/UTC');
    expect(localTime(timeZoneOf(180), '2026-12-01T05:10:00Z')).toBe('08:10');
    expect(localTime(timeZoneOf(-300), '2026-12-01T05:10:00Z')).toBe('00:10');
  });

  it('writes other offsets as offset zones that Intl accepts', () => {
    expect(timeZoneOf(330)).toBe('+05:30');
    expect(timeZoneOf(-570)).toBe('-09:30');
    expect(localTime(timeZoneOf(330), '2026-12-01T05:10:00Z')).toBe('10:40');
    // Etc zones stop at 14 hours east; UTC+14 is the furthest the config allows.
    expect(localTime(timeZoneOf(840), '2026-12-01T05:10:00Z')).toBe('19:10');
  });
});
