import { PermanentGatewayError } from '../ports.js';
import type { DarajaErrorReply } from './daraja-wire.js';

export interface DarajaHttpReply {
  readonly status: number;
  /** The parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

// Daraja's "Invalid Access Token" comes back as HTTP 404 with 404.001.03 (Safaricom's error
// table); some gateways answer 400.003.01 or a plain 401 for the same thing.
const INVALID_TOKEN_CODES = new Set(['404.001.03', '400.003.01']);

/** One HTTP exchange. Network failures, timeouts and unreadable bodies are transient errors. */
export async function exchange(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<DarajaHttpReply> {
  const path = new URL(url).pathname;
  try {
    const response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, body: parseBody(text) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Daraja did not answer ${init.method ?? 'GET'} ${path}: ${reason}`, { cause });
  }
}

function parseBody(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Daraja's `{requestId, errorCode, errorMessage}`, when the body is one. */
export function readDarajaError(body: unknown): DarajaErrorReply | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { requestId, errorCode, errorMessage } = body as Record<string, unknown>;
  if (typeof errorCode !== 'string' && typeof errorCode !== 'number') return undefined;
  return {
    requestId: typeof requestId === 'string' ? requestId : '',
    errorCode: String(errorCode),
    errorMessage: typeof errorMessage === 'string' ? errorMessage : '',
  };
}

export function isInvalidToken(reply: DarajaHttpReply): boolean {
  const code = readDarajaError(reply.body)?.errorCode;
  return reply.status === 401 || (code !== undefined && INVALID_TOKEN_CODES.has(code));
}

/**
 * The port's error for a reply that is not the documented success: 5xx, 408 and 429 are
 * transient (a plain Error, the caller retries); any other 4xx is a refusal for good.
 */
export function refusal(reply: DarajaHttpReply, what: string): Error {
  const error = readDarajaError(reply.body);
  const detail =
    error === undefined ? `HTTP ${reply.status}` : `HTTP ${reply.status} ${error.errorCode} ${error.errorMessage}`;
  if (reply.status >= 500 || reply.status === 408 || reply.status === 429) {
    return new Error(`${what} failed for now: ${detail}`);
  }
  if (reply.status >= 400) {
    return new PermanentGatewayError(`${what} refused: ${detail}`, error?.errorCode ?? `HTTP ${reply.status}`);
  }
  return new Error(`${what}: unexpected reply, ${detail}`);
}
