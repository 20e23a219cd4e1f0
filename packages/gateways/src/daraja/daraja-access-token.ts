import { exchange, refusal } from './daraja-http.js';
import { DARAJA_PATHS } from './daraja-wire.js';

export interface DarajaAccessTokenOptions {
  readonly baseUrl: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly timeoutMs: number;
}

export interface DarajaAccessToken {
  /** A token believed valid, fetched only when none is cached or it is about to expire. */
  get(): Promise<string>;
  /** Drops `token` after Daraja refused it, so the next `get` fetches a new one. */
  invalidate(token: string): void;
}

// Refresh a minute early, so a token never expires between `get` and Daraja reading it.
const EXPIRY_MARGIN_MS = 60_000;

export function createDarajaAccessToken(options: DarajaAccessTokenOptions): DarajaAccessToken {
  const url = `${options.baseUrl.replace(/\/+$/, '')}${DARAJA_PATHS.oauth}?grant_type=client_credentials`;
  const basic = Buffer.from(`${options.consumerKey}:${options.consumerSecret}`, 'utf8').toString('base64');
  let cached: { token: string; refreshAt: number } | undefined;
  // Concurrent callers share one OAuth request instead of racing for tokens.
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const reply = await exchange(
      options.fetch,
      url,
      { method: 'GET', headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' } },
      options.timeoutMs,
    );
    if (reply.status !== 200) throw refusal(reply, 'Daraja OAuth');
    const { access_token: token, expires_in: expiresIn } = (reply.body ?? {}) as Record<string, unknown>;
    const seconds = Number(expiresIn);
    if (typeof token !== 'string' || token.length === 0 || !Number.isFinite(seconds) || seconds <= 0) {
      throw new Error('Daraja OAuth: reply without access_token and expires_in');
    }
    cached = { token, refreshAt: options.now().getTime() + seconds * 1000 - EXPIRY_MARGIN_MS };
    return token;
  }

  return {
    get() {
      if (cached !== undefined && options.now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
