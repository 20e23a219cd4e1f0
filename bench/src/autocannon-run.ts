import autocannon from 'autocannon';
import { type Flow, formBody } from './flow.js';
import type { SessionIdentity, SessionSource } from './sessions.js';

export interface LoadOptions {
  url: string;
  flow: Flow;
  nextSession: SessionSource;
  seconds: number;
  connections: number;
  /** Turns a step's text into what is sent for this session (e.g. fills in a recipient); as is when unset. */
  render?: (text: string, who: SessionIdentity) => string;
  /** Told of every reply, with its timing, e.g. to time whole journeys or the hop that moves money. */
  onReply?: (reply: ReplyTiming) => void;
  /**
   * Replies by which the server sheds load on purpose (e.g. "busy, try again"): counted as shed,
   * not as wrong, and the session is abandoned (the connection starts a fresh one).
   */
  shed?: RegExp;
}

export interface ReplyTiming {
  step: number;
  /** 2xx and matching the step's expectation. */
  ok: boolean;
  /** From building the request to its reply, ms. */
  hopMs: number;
  /** From building the session's first request to this reply, ms. */
  sessionMs: number;
}

export interface LoadResult {
  hopsPerSec: number;
  /** Responses received (any status): the denominator of CPU per hop. */
  completed: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx replies that did not match their step's expectation. */
  mismatches: number;
  /** 2xx replies matching `shed`: sessions abandoned on the server's own busy answer. */
  shed: number;
  mismatchSamples: string[];
}

/** What one connection remembers between the hops of its current session. */
interface ConnectionContext {
  who?: SessionIdentity;
  /** performance.now() when the session's first request and this step's request were built. */
  sessionStartedAt?: number;
  sentAt?: number;
  /** The last reply shed the session: the next hop starts a fresh one. */
  abandoned?: boolean;
}

const MAX_SAMPLES = 5;

/**
 * Drives whole sessions for `seconds`. Each autocannon connection walks the flow's steps in
 * order and starts over with a fresh session (autocannon resets the per-connection context
 * when it wraps around the `requests` array), so the server sees the real mix of first,
 * middle and last hops, and every reply is checked against the step that asked for it.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let mismatches = 0;
  let shed = 0;
  const mismatchSamples: string[] = [];

  const requests: autocannon.Request[] = options.flow.map((step, index) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    setupRequest(request, context) {
      const ctx = context as ConnectionContext;
      // Returning nothing makes autocannon start over at the first hop, with a fresh context.
      if (index > 0 && ctx.abandoned === true) return undefined as unknown as autocannon.Request;
      const now = performance.now();
      if (index === 0 || ctx.who === undefined) {
        ctx.who = options.nextSession();
        ctx.sessionStartedAt = now;
      }
      ctx.sentAt = now;
      const text = options.render === undefined ? step.text : options.render(step.text, ctx.who);
      return { ...request, body: formBody(ctx.who.sessionId, ctx.who.phoneNumber, text) };
    },
    onResponse(status, body, context) {
      const ok2xx = status >= 200 && status < 300;
      const matched = ok2xx && step.expect.test(body);
      if (ok2xx && !matched && options.shed?.test(body) === true) {
        shed++;
        (context as ConnectionContext).abandoned = true;
        return;
      }
      if (options.onReply !== undefined) {
        const ctx = context as ConnectionContext;
        const now = performance.now();
        options.onReply({
          step: index,
          ok: matched,
          hopMs: now - (ctx.sentAt ?? now),
          sessionMs: now - (ctx.sessionStartedAt ?? now),
        });
      }
      // Non-2xx replies are counted by autocannon itself; only judge the content of 2xx ones.
      if (!ok2xx || matched) return;
      mismatches++;
      if (mismatchSamples.length < MAX_SAMPLES) {
        const who = (context as ConnectionContext).who;
        const sent = who === undefined || options.render === undefined ? step.text : options.render(step.text, who);
        mismatchSamples.push(
          `${who?.sessionId ?? '?'} text=${JSON.stringify(sent)} got ${JSON.stringify(body)}, ` +
            `expected ${step.expect}`,
        );
      }
    },
  }));

  // In-process (no workers): the callbacks above close over this run's counters.
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests,
    timeout: 10,
  });

  return {
    hopsPerSec: result.requests.average,
    completed: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches,
    mismatchSamples,
    shed,
  };
}
