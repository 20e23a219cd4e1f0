import { PermanentGatewayError, RequestNotSentError } from '../ports.js';
import type { DarajaAccessToken } from './daraja-access-token.js';
import { type DarajaHttpReply, exchange, isInvalidToken, readDarajaError, refusal } from './daraja-http.js';

export interface DarajaClientOptions {
  readonly baseUrl: string;
  readonly tokens: DarajaAccessToken;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

export interface DarajaClient {
  /**
   * POSTs `body` as JSON with a bearer token and resolves with the reply once Daraja accepted
   * the request (HTTP 2xx with `ResponseCode` 0). Throws PermanentGatewayError for a refusal
   * and a plain Error for anything worth retrying.
   */
  post(path: string, body: object, what: string): Promise<Record<string, unknown>>;
  /**
   * POSTs `body` with a bearer token (refreshed once if Daraja refuses it) and resolves with
   * whatever Daraja answered, for replies that need their own reading (STK Push Query).
   */
  exchange(path: string, body: object, what: string): Promise<DarajaHttpReply>;
}

export function createDarajaClient(options: DarajaClientOptions): DarajaClient {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function send(path: string, body: object, token: string) {
    return exchange(
      options.fetch,
      `${base}${path}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      },
      options.timeoutMs,
    );
  }

  // Without a token the request is never sent: whatever went wrong getting one, retrying is
  // safe. A refusal of our consumer credentials stays PermanentGatewayError.
  async function token(what: string): Promise<string> {
    try {
      return await options.tokens.get();
    } catch (error) {
      if (error instanceof PermanentGatewayError || error instanceof RequestNotSentError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new RequestNotSentError(`${what} not sent: no access token (${reason})`, { cause: error });
    }
  }

  async function authorisedExchange(path: string, body: object, what: string): Promise<DarajaHttpReply> {
    let current = await token(what);
    const reply = await send(path, body, current);
    // A token can be revoked before its expiry: fetch a new one and try exactly once more.
    if (!isInvalidToken(reply)) return reply;
    options.tokens.invalidate(current);
    current = await token(what);
    return send(path, body, current);
  }

  return {
    exchange: authorisedExchange,
    async post(path, body, what) {
      const reply = await authorisedExchange(path, body, what);
      if (reply.status < 200 || reply.status >= 300) throw refusal(reply, what);
      if (typeof reply.body !== 'object' || reply.body === null) {
        throw new Error(`${what}: unreadable reply (HTTP ${reply.status})`);
      }
      const accepted = reply.body as Record<string, unknown>;
      const code = accepted.ResponseCode;
      if (code === undefined) throw errorInSuccess(accepted, what);
      if (String(code) !== '0') {
        const description = typeof accepted.ResponseDescription === 'string' ? accepted.ResponseDescription : '';
        throw new PermanentGatewayError(`${what} refused: ResponseCode ${String(code)} ${description}`, String(code));
      }
      return accepted;
    },
  };
}

// Some gateways answer 200 with Daraja's error body; its code's first digit still tells a
// server-side trouble (5xx: retry) from a refusal.
function errorInSuccess(body: Record<string, unknown>, what: string): Error {
  const error = readDarajaError(body);
  if (error === undefined) return new Error(`${what}: reply without ResponseCode`);
  const detail = `${error.errorCode} ${error.errorMessage}`;
  return error.errorCode.startsWith('5')
    ? new Error(`${what} failed for now: ${detail}`)
    : new PermanentGatewayError(`${what} refused: ${detail}`, error.errorCode);
}
