// Nairobi keeps UTC+3 all year (no daylight saving), so a fixed offset is exact.
const NAIROBI_OFFSET_MS = 3 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/** Daraja's `yyyyMMddHHmmss` timestamp: the wall-clock time in Nairobi at `at`. */
export function darajaTimestamp(at: Date): string {
  const nairobi = new Date(at.getTime() + NAIROBI_OFFSET_MS);
  return (
    String(nairobi.getUTCFullYear()) +
    pad(nairobi.getUTCMonth() + 1) +
    pad(nairobi.getUTCDate()) +
    pad(nairobi.getUTCHours()) +
    pad(nairobi.getUTCMinutes()) +
    pad(nairobi.getUTCSeconds())
  );
}

/** The STK push `Password`: base64 of short code, passkey and timestamp, concatenated. */
export function stkPassword(shortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortCode}${passkey}${timestamp}`, 'utf8').toString('base64');
}
