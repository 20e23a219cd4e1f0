import { PermanentGatewayError } from '../ports.js';
import type { DarajaAccessToken } from './daraja-access-token.js';
import { exchange, isInvalidToken, readDarajaError, refusal } from './daraja-http.js';

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

  return {
    async post(path, body, what) {
      let token = await options.tokens.get();
      let reply = await send(path, body, token);
      // A token can be revoked before its expiry: fetch a new one and try exactly once more.
      if (isInvalidToken(reply)) {
        options.tokens.invalidate(token);
        token = await options.tokens.get();
        reply = await send(path, body, token);
      }
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
