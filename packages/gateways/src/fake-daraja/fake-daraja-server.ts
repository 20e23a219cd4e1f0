import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type B2cReply, DARAJA_PATHS, type StkPushReply } from '../daraja/daraja-wire.js';
import {
  type CallbackDeliveryEvent,
  type CallbackDeliveryRecord,
  createCallbackDelivery,
} from '../fakes/callback-delivery.js';
import type { FakeMode } from '../fakes/fake-mode.js';
import { fakeDarajaDefaults } from './fake-daraja-defaults.js';
import { newCheckoutRequestId, newConversationId, newMerchantRequestId, newRequestId } from './fake-daraja-ids.js';
import {
  B2C_INITIATOR_INVALID,
  b2cFailureBody,
  b2cSuccessBody,
  b2cTimeoutBody,
  type FailureCode,
  STK_CANCELLED,
  STK_UNREACHABLE,
  stkFailureBody,
  stkSuccessBody,
} from './fake-daraja-payloads.js';
import { checkB2c, checkStkPush, type MerchantCheck } from './fake-daraja-validation.js';

export interface FakeDarajaOptions {
  readonly mode: FakeMode;
  /** How long an approved or declined request waits before its callback. */
  readonly delayMs: number;
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  /** When set, the only short code that exists; otherwise any is accepted. */
  readonly shortCode?: string;
  /** Checks the STK push Password. */
  readonly passkey?: string;
  /** B2C requests with other initiator credentials fail with 2001, as on Daraja. */
  readonly initiatorName?: string;
  readonly securityCredential?: string;
  /** Lifetime of issued tokens. Default 3599 s, as Daraja. */
  readonly tokenTtlSeconds?: number;
  /** Callback POST attempts, the first included. Default 4. */
  readonly callbackAttempts?: number;
  /** Wait before the first callback retry, doubled each time. Default 200 ms. */
  readonly callbackBackoffMs?: number;
  /** Used to deliver callbacks. */
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** For logging; the fake itself prints nothing. */
  readonly onEvent?: (event: FakeDarajaEvent) => void;
}

export interface FakeDarajaRequest {
  readonly method: string;
  /** Path and query, e.g. `/oauth/v1/generate?grant_type=client_credentials`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined. */
  readonly body: unknown;
  readonly status: number;
  readonly at: Date;
}

export interface FakePendingPayment {
  readonly kind: 'deposit' | 'payout';
  /** CheckoutRequestID or ConversationID. */
  readonly providerRequestId: string;
  readonly originatorConversationId: string | undefined;
  /** `2547...`, as Daraja writes it. */
  readonly phone: string;
  /** Whole shillings. */
  readonly amount: number;
  readonly receivedAt: Date;
}

export type FakeDarajaEvent =
  | { readonly type: 'request'; readonly method: string; readonly path: string; readonly status: number }
  | {
      readonly type: 'payment.accepted';
      readonly kind: 'deposit' | 'payout';
      readonly providerRequestId: string;
      readonly amount: number;
    }
  | { readonly type: 'payment.repeated'; readonly providerRequestId: string; readonly originatorConversationId: string }
  | {
      readonly type: 'payment.settled';
      readonly kind: 'deposit' | 'payout';
      readonly providerRequestId: string;
      readonly outcome: 'approved' | 'declined' | 'timed-out';
    }
  | CallbackDeliveryEvent;

export interface FakeDaraja {
  /** Starts serving; resolves with the base URL to give the adapter. Default 127.0.0.1, any free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops serving, cancels scheduled callbacks and abandons deliveries under way. */
  close(): Promise<void>;
  requests(): readonly FakeDarajaRequest[];
  /** Requests waiting for an operator (manual mode). */
  pending(): readonly FakePendingPayment[];
  /** Settles a pending request as paid; false when no request waits under that id. */
  approve(providerRequestId: string): boolean;
  /** Settles a pending request as failed (1032 for STK, 2001 for B2C unless told otherwise). */
  decline(providerRequestId: string, failure?: FailureCode): boolean;
  /** Lets a pending request lapse: STK 1037, B2C a queue-timeout notice on QueueTimeOutURL. */
  timeOut(providerRequestId: string): boolean;
  /** Applies to requests received from now on. */
  setMode(mode: FakeMode): void;
  /** Every callback sent so far, with its attempts. */
  callbacks(): readonly CallbackDeliveryRecord[];
  /** Invalidates every issued token, as a key rotation on Daraja would. */
  revokeTokens(): void;
  /** Resolves once every scheduled callback has been delivered or given up on. */
  settled(): Promise<void>;
}

interface Payment extends FakePendingPayment {
  readonly merchantRequestId: string;
  /** CallBackURL or ResultURL. */
  readonly resultUrl: string;
  readonly timeoutUrl: string | undefined;
  readonly initiatorValid: boolean;
}

type Settlement =
  | { readonly type: 'approve' }
  | { readonly type: 'decline'; readonly failure?: FailureCode }
  | { readonly type: 'timeout' };

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const BODY_LIMIT = 64 * 1024;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * An in-process stand-in for Safaricom's Daraja API (OAuth, STK push, B2C v3) that validates
 * requests as Daraja does, answers with Daraja's shapes, and later POSTs the documented
 * callback JSON to the CallBackURL / ResultURL / QueueTimeOutURL named in each request, so the
 * real adapter and the service's real callback routes can be exercised without Safaricom.
 * Repeating a B2C request with the same OriginatorConversationID returns the first
 * ConversationID and sends no second callback.
 */
export function createFakeDaraja(options: FakeDarajaOptions): FakeDaraja {
  const consumerKey = options.consumerKey ?? fakeDarajaDefaults.consumerKey;
  const consumerSecret = options.consumerSecret ?? fakeDarajaDefaults.consumerSecret;
  const merchant: MerchantCheck = {
    shortCode: options.shortCode,
    passkey: options.passkey ?? fakeDarajaDefaults.passkey,
  };
  const initiatorName = options.initiatorName ?? fakeDarajaDefaults.initiatorName;
  const securityCredential = options.securityCredential ?? fakeDarajaDefaults.securityCredential;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3599;
  const now = options.now ?? (() => new Date());
  let mode = options.mode;

  const emit = (event: FakeDarajaEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logger that throws must not break the fake.
    }
  };
  const delivery = createCallbackDelivery({
    attempts: options.callbackAttempts,
    backoffMs: options.callbackBackoffMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: emit,
  });

  const tokens = new Map<string, number>();
  const recorded: FakeDarajaRequest[] = [];
  const payments = new Map<string, Payment>();
  const byOriginator = new Map<string, B2cReply>();
  const waiting = new Set<string>();
  const scheduled = new Map<string, { timer: NodeJS.Timeout; done: Promise<void>; finish: () => void }>();
  const inFlight = new Set<Promise<unknown>>();

  function settle(payment: Payment, settlement: Settlement) {
    const at = now();
    let url = payment.resultUrl;
    let body: unknown;
    let outcome: 'approved' | 'declined' | 'timed-out';
    if (settlement.type === 'timeout') {
      outcome = 'timed-out';
      if (payment.kind === 'deposit') {
        body = stkFailureBody(payment, STK_UNREACHABLE);
      } else {
        url = payment.timeoutUrl ?? payment.resultUrl;
        body = b2cTimeoutBody(payment);
      }
    } else if (payment.kind === 'deposit') {
      outcome = settlement.type === 'approve' ? 'approved' : 'declined';
      body =
        settlement.type === 'approve'
          ? stkSuccessBody(payment, at)
          : stkFailureBody(payment, settlement.failure ?? STK_CANCELLED);
    } else {
      // Bad initiator credentials fail on M-Pesa's side, whatever the operator decided.
      const approved = settlement.type === 'approve' && payment.initiatorValid;
      outcome = approved ? 'approved' : 'declined';
      body = approved
        ? b2cSuccessBody(payment, at)
        : b2cFailureBody(
            payment,
            (settlement.type === 'decline' ? settlement.failure : undefined) ?? B2C_INITIATOR_INVALID,
          );
    }
    emit({ type: 'payment.settled', kind: payment.kind, providerRequestId: payment.providerRequestId, outcome });
    const task = delivery.deliver(url, body);
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  function schedule(payment: Payment, settlement: Settlement) {
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const timer = setTimeout(() => {
      scheduled.delete(payment.providerRequestId);
      settle(payment, settlement);
      finish();
    }, options.delayMs);
    // Never keep a process alive just for a fake callback.
    timer.unref();
    scheduled.set(payment.providerRequestId, { timer, done, finish });
  }

  function accept(payment: Payment) {
    payments.set(payment.providerRequestId, payment);
    emit({
      type: 'payment.accepted',
      kind: payment.kind,
      providerRequestId: payment.providerRequestId,
      amount: payment.amount,
    });
    if (mode === 'manual') {
      waiting.add(payment.providerRequestId);
    } else if (payment.kind === 'payout' && !payment.initiatorValid) {
      schedule(payment, { type: 'decline' });
    } else {
      schedule(payment, { type: mode === 'approve' ? 'approve' : 'decline' });
    }
  }

  function decide(providerRequestId: string, settlement: Settlement): boolean {
    const payment = payments.get(providerRequestId);
    if (payment === undefined || !waiting.delete(providerRequestId)) return false;
    settle(payment, settlement);
    return true;
  }

  const errorReply = (status: number, errorCode: string, errorMessage: string): Reply => ({
    status,
    body: { requestId: newRequestId(), errorCode, errorMessage },
  });

  function issueToken(request: IncomingMessage, url: URL): Reply {
    if (request.method !== 'GET') return errorReply(405, '405.001', 'Method Not Allowed');
    if (url.searchParams.get('grant_type') !== 'client_credentials') {
      return errorReply(400, '400.008.02', 'Invalid grant type passed');
    }
    const header = request.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`, 'utf8').toString('base64')}`;
    if (header !== expected) return errorReply(400, '400.008.01', 'Invalid Authentication passed');
    const bytes = randomBytes(28);
    const token = Array.from(bytes, (byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join('');
    tokens.set(token, now().getTime() + tokenTtlSeconds * 1000);
    return { status: 200, body: { access_token: token, expires_in: String(tokenTtlSeconds) } };
  }

  function authorised(request: IncomingMessage): boolean {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const expiresAt = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    return expiresAt !== undefined && now().getTime() < expiresAt;
  }

  function stkPush(body: unknown): Reply {
    const checked = checkStkPush(body, merchant);
    if (!checked.ok) return errorReply(checked.status, checked.error.errorCode, checked.error.errorMessage);
    const at = now();
    const reply: StkPushReply = {
      MerchantRequestID: newMerchantRequestId(),
      CheckoutRequestID: newCheckoutRequestId(at),
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    };
    accept({
      kind: 'deposit',
      providerRequestId: reply.CheckoutRequestID,
      merchantRequestId: reply.MerchantRequestID,
      originatorConversationId: undefined,
      phone: checked.value.phone,
      amount: checked.value.amount,
      receivedAt: at,
      resultUrl: checked.value.callbackUrl,
      timeoutUrl: undefined,
      initiatorValid: true,
    });
    return { status: 200, body: reply };
  }

  function b2c(body: unknown): Reply {
    const checked = checkB2c(body, merchant);
    if (!checked.ok) return errorReply(checked.status, checked.error.errorCode, checked.error.errorMessage);
    const request = checked.value;
    const earlier =
      request.originatorConversationId === undefined ? undefined : byOriginator.get(request.originatorConversationId);
    if (earlier !== undefined) {
      emit({
        type: 'payment.repeated',
        providerRequestId: earlier.ConversationID,
        originatorConversationId: earlier.OriginatorConversationID,
      });
      return { status: 200, body: earlier };
    }
    const at = now();
    const reply: B2cReply = {
      ConversationID: newConversationId(at),
      OriginatorConversationID: request.originatorConversationId ?? randomUUID(),
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
    byOriginator.set(reply.OriginatorConversationID, reply);
    accept({
      kind: 'payout',
      providerRequestId: reply.ConversationID,
      merchantRequestId: reply.ConversationID,
      originatorConversationId: reply.OriginatorConversationID,
      phone: request.phone,
      amount: request.amount,
      receivedAt: at,
      resultUrl: request.resultUrl,
      timeoutUrl: request.timeoutUrl,
      initiatorValid: request.initiatorName === initiatorName && request.securityCredential === securityCredential,
    });
    return { status: 200, body: reply };
  }

  function route(request: IncomingMessage, url: URL, body: unknown): Reply {
    if (url.pathname === DARAJA_PATHS.oauth) return issueToken(request, url);
    const handler =
      url.pathname === DARAJA_PATHS.stkPush ? stkPush : url.pathname === DARAJA_PATHS.b2c ? b2c : undefined;
    if (handler === undefined) return errorReply(404, '404.001.01', 'Resource not found');
    if (request.method !== 'POST') return errorReply(405, '405.001', 'Method Not Allowed');
    if (!authorised(request)) return errorReply(404, '404.001.03', 'Invalid Access Token');
    if (body === INVALID_JSON) return errorReply(400, '400.002.02', 'Bad Request - Invalid JSON body');
    return handler(body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://fake-daraja');
    let reply: Reply;
    let body: unknown;
    try {
      const raw = await readBody(request);
      body = parseJson(raw);
      reply = route(request, url, body);
    } catch (error) {
      reply =
        error instanceof BodyTooLargeError
          ? errorReply(413, '400.002.02', 'Bad Request - Body too large')
          : errorReply(500, '500.003.1001', 'Internal Server Error');
    }
    recorded.push({
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers: flattenHeaders(request),
      body: body === INVALID_JSON ? undefined : body,
      status: reply.status,
      at: now(),
    });
    emit({ type: 'request', method: request.method ?? 'GET', path: url.pathname, status: reply.status });
    const payload = JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(baseUrlOf(server.address() as AddressInfo));
        });
      });
    },
    async close() {
      for (const entry of scheduled.values()) {
        clearTimeout(entry.timer);
        entry.finish();
      }
      scheduled.clear();
      delivery.close();
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    requests: () => [...recorded],
    pending: () =>
      [...waiting].flatMap((id) => {
        const payment = payments.get(id);
        return payment === undefined
          ? []
          : [
              {
                kind: payment.kind,
                providerRequestId: payment.providerRequestId,
                originatorConversationId: payment.originatorConversationId,
                phone: payment.phone,
                amount: payment.amount,
                receivedAt: payment.receivedAt,
              },
            ];
      }),
    approve: (id) => decide(id, { type: 'approve' }),
    decline: (id, failure) => decide(id, failure === undefined ? { type: 'decline' } : { type: 'decline', failure }),
    timeOut: (id) => decide(id, { type: 'timeout' }),
    setMode(next) {
      mode = next;
    },
    callbacks: () => delivery.deliveries(),
    revokeTokens() {
      tokens.clear();
    },
    async settled() {
      while (scheduled.size > 0 || inFlight.size > 0) {
        await Promise.allSettled([...[...scheduled.values()].map((entry) => entry.done), ...inFlight]);
      }
    },
  };
}

const INVALID_JSON = Symbol('invalid JSON');

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new BodyTooLargeError());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.trim().length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID_JSON;
  }
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function baseUrlOf(address: AddressInfo): string {
  // A wildcard bind is still reached on the loopback address.
  const host =
    address.address === '0.0.0.0' || address.address === '::'
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}
