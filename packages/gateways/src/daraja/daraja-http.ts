import { PermanentGatewayError, RequestNotSentError } from '../ports.js';
import type { DarajaErrorReply } from './daraja-wire.js';

export interface DarajaHttpReply {
  readonly status: number;
  /** The parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

// Daraja's "Invalid Access Token" comes back as HTTP 404 with 404.001.03 (Safaricom's error
// table); some gateways answer 400.003.01 or a plain 401 for the same thing.
const INVALID_TOKEN_CODES = new Set(['404.001.03', '400.003.01']);

/**
 * One HTTP exchange. A connection refused or a name that did not resolve is RequestNotSentError
 * (nothing reached Daraja); any other network failure, a timeout or an unreadable body is a
 * plain Error: the request may have been sent and processed.
 */
export async function exchange(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<DarajaHttpReply> {
  const path = new URL(url).pathname;
  const what = `${init.method ?? 'GET'} ${path}`;
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const reason = describeFailure(cause);
    if (neverConnected(cause))
      throw new RequestNotSentError(`Daraja was not reached for ${what}: ${reason}`, { cause });
    throw new Error(`Daraja did not answer ${what}: ${reason}`, { cause });
  }
  try {
    const text = await response.text();
    return { status: response.status, body: parseBody(text) };
  } catch (cause) {
    throw new Error(`Daraja did not answer ${what}: ${describeFailure(cause)}`, { cause });
  }
}

// Failures that happen before a single byte of the request left: no connection was made.
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** fetch rejects with `TypeError('fetch failed', { cause })`; the socket error is in the chain. */
function neverConnected(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && NOT_CONNECTED_CODES.has(code)) return true;
    // Several addresses tried, all refused (Node's happy eyeballs): an AggregateError.
    if (Array.isArray(errors) && errors.length > 0 && errors.every((entry) => neverConnected(entry))) return true;
    current = cause;
  }
  return false;
}

function describeFailure(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? cause.cause : undefined;
  const code = inner !== undefined ? (inner as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
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
 * The port's error for a reply that is not the documented success. Daraja's own error body with
 * 5xx, 408 or 429 is RequestNotSentError (Daraja refused to process it: retry); the same statuses
 * without that body (a proxy's 502, an empty 503) are a plain Error, the request in doubt; any
 * other 4xx is a refusal for good.
 */
export function refusal(reply: DarajaHttpReply, what: string): Error {
  const error = readDarajaError(reply.body);
  const detail =
    error === undefined ? `HTTP ${reply.status}` : `HTTP ${reply.status} ${error.errorCode} ${error.errorMessage}`;
  if (reply.status >= 500 || reply.status === 408 || reply.status === 429) {
    return error === undefined
      ? new Error(`${what} failed for now: ${detail}`)
      : new RequestNotSentError(`${what} not accepted for now: ${detail}`);
  }
  if (reply.status >= 400) {
    return new PermanentGatewayError(`${what} refused: ${detail}`, error?.errorCode ?? `HTTP ${reply.status}`);
  }
  return new Error(`${what}: unexpected reply, ${detail}`);
}
