import { type Flow, formBody } from './flow.js';
import type { SessionIdentity } from './sessions.js';

/** Posts one hop the way the gateway does and returns the raw reply. */
export async function postHop(
  url: string,
  who: SessionIdentity,
  text: string,
): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody(who.sessionId, who.phoneNumber, text),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

/**
 * Walks one whole session hop by hop and throws at the first reply that is not 2xx or does
 * not match its step. Used before any load, so a broken flow fails with a readable message
 * instead of as thousands of mismatches.
 */
export async function driveSession(url: string, who: SessionIdentity, flow: Flow): Promise<string[]> {
  const replies: string[] = [];
  for (const step of flow) {
    const { status, body } = await postHop(url, who, step.text);
    if (status < 200 || status >= 300 || !step.expect.test(body)) {
      throw new Error(
        `${who.phoneNumber} text=${JSON.stringify(step.text)}: got ${status} ${JSON.stringify(body)}, ` +
          `expected ${step.expect}`,
      );
    }
    replies.push(body);
  }
  return replies;
}
