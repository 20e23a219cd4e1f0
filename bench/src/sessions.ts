/** Who is dialling: a fresh session id and a member's phone for one whole session. */
export interface SessionIdentity {
  sessionId: string;
  phoneNumber: string;
}

export type SessionSource = () => SessionIdentity;

/**
 * Hands out a new session id per session and rotates through the phone pool, so concurrent
 * sessions belong to different members (as on a real gateway) yet every id is unique across
 * rounds and harness runs, and no server can answer from a stale session.
 */
export function createSessionSource(label: string, phones: readonly string[]): SessionSource {
  if (phones.length === 0) throw new Error(`${label}: the phone pool is empty`);
  const runTag = `${label}-${process.pid}-${Date.now().toString(36)}`;
  let seq = 0;
  return () => {
    const n = seq++;
    return { sessionId: `ATUid_${runTag}-${n}`, phoneNumber: phones[n % phones.length] as string };
  };
}

/** Kenyan numbers in the bench range: +2547110000NN. */
export function benchPhones(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new Error(`member count must be 1..100 (two digits of +2547110000NN), got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => `+2547110000${String(i).padStart(2, '0')}`);
}
