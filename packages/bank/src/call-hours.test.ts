import { describe, expect, it } from 'vitest';
import { nextCallTime } from './call-hours.js';

// Nairobi is UTC+3: 8-20 local is 05:00-17:00 UTC.
const hours = { from: 8, to: 20 };
const at = (iso: string) => new Date(iso);

describe('call hours', () => {
  it('places a call at once inside the local hours', () => {
    expect(nextCallTime(at('2026-12-01T05:00:00Z'), hours, 180)).toEqual(at('2026-12-01T05:00:00Z'));
    expect(nextCallTime(at('2026-12-01T16:59:59Z'), hours, 180)).toEqual(at('2026-12-01T16:59:59Z'));
  });

  it('holds one asked for in the evening until the next morning, local time', () => {
    expect(nextCallTime(at('2026-12-01T17:00:00Z'), hours, 180)).toEqual(at('2026-12-02T05:00:00Z'));
    expect(nextCallTime(at('2026-12-01T22:30:00Z'), hours, 180)).toEqual(at('2026-12-02T05:00:00Z'));
  });

  it('holds one asked for before dawn until the same morning', () => {
    expect(nextCallTime(at('2026-12-01T01:00:00Z'), hours, 180)).toEqual(at('2026-12-01T05:00:00Z'));
  });
});

describe('a call-back asked for outside the call hours', () => {
  it('waits in the outbox for the next opening', async () => {
    const { createTestDatabase } = await import('./testing.js');
    const { createMember } = await import('./test-ledger-fixtures.js');
    const { createCallService } = await import('./call.service.js');
    const database = await createTestDatabase();
    try {
      const member = await createMember(database.db);
      const calls = createCallService({
        db: database.db,
        windowMinutes: 10,
        callHours: hours,
        utcOffsetMinutes: 180,
        now: () => at('2026-12-01T19:30:00Z'),
      });
      expect(await calls.requestCallBack({ memberId: member.id, phone: member.phone })).toBe('requested');
      const row = await database.db
        .selectFrom('outbox')
        .select(['kind', 'next_attempt_at'])
        .where('kind', '=', 'voice.call')
        .executeTakeFirstOrThrow();
      expect(row.next_attempt_at).toEqual(at('2026-12-02T05:00:00Z'));
    } finally {
      await database.drop();
    }
  });
});
