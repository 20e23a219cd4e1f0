/**
 * The gateway's phone number in E.164 (`+254711000111`). A `+` that was not sent as `%2B`
 * arrives as a space after form decoding; it is read as the `+` it was meant to be.
 */
export function normalisePhone(raw: string): string | undefined {
  const trimmed = raw.trim();
  const digits = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : undefined;
}

/** Enough of a phone number to follow a member through the logs, not enough to call them. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '***';
  return `${phone.slice(0, 5)}${'*'.repeat(phone.length - 8)}${phone.slice(-3)}`;
}
