import { describe, expect, it } from 'vitest';
import { darajaTimestamp, stkPassword } from './daraja-password.js';

describe('darajaTimestamp', () => {
  it('writes Nairobi wall-clock time (UTC+3), across midnight and year end', () => {
    expect(darajaTimestamp(new Date('2021-06-28T06:24:08Z'))).toBe('20210628092408');
    expect(darajaTimestamp(new Date('2026-12-31T21:00:00Z'))).toBe('20270101000000');
  });
});

describe('stkPassword', () => {
  it("matches Safaricom's sandbox sample", () => {
    // From the M-Pesa Express sample request: short code 174379, its sandbox passkey, 20210628092408.
    const password = stkPassword(
      '174379',
      'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
      '20210628092408',
    );
    expect(password).toBe(
      'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4',
    );
  });
});
