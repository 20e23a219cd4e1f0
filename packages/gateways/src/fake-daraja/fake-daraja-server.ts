import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type B2cReply,
  DARAJA_PATHS,
  STK_QUERY_PENDING_CODE,
  type StkPushReply,
  type StkQueryReply,
  type TransactionStatusReply,
} from '../daraja/daraja-wire.js';
import {
  type CallbackDeliveryEvent,
  type CallbackDeliveryRecord,
  createCallbackDelivery,
} from '../fakes/callback-delivery.js';
import { createDelayedTasks } from '../fakes/delayed-tasks.js';
import type { FakeMode } from '../fakes/fake-mode.js';
import { BodyTooLargeError, closeServer, flattenHeaders, listen, readBody } from '../fakes/node-http.js';
import { fakeDarajaDefaults } from './fake-daraja-defaults.js';
import { newCheckoutRequestId, newConversationId, newMerchantRequestId, newRequestId } from './fake-daraja-ids.js';
import {
  B2C_INITIATOR_INVALID,
  type FailureCode,
  STATUS_NOT_FOUND,
  STK_UNREACHABLE,
  type StatusQuery,
  statusFailureBody,
  statusFoundBody,
} from './fake-daraja-payloads.js';
import {
  createFakePayments,
  type FakePayment,
  type FakePaymentEvent,
  type FakePaymentState,
  type FakePendingPayment,
} from './fake-daraja-payments.js';
import {
  type AcceptedTransactionStatus,
  checkB2c,
  checkStkPush,
  checkStkQuery,
  checkTransactionStatus,
  type MerchantCheck,
} from './fake-daraja-validation.js';

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
  /**
   * Every reply to a payment API call (STK push, B2C, STK Push Query, Transaction Status) is
   * written this long after the request was fully processed, so a client with a shorter timeout
   * gives up although the request took effect. Default 0.
   */
  readonly replyDelayMs?: number;
  /**
   * The first N replies to STK push and B2C requests are never written: the request takes
   * effect, then the connection is destroyed. Default 0.
   */
  readonly dropReplies?: number;
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

export type FakeDarajaEvent =
  | { readonly type: 'request'; readonly method: string; readonly path: string; readonly status: number }
  | { readonly type: 'payment.repeated'; readonly providerRequestId: string; readonly originatorConversationId: string }
  | { readonly type: 'reply.dropped'; readonly path: string }
  | FakePaymentEvent
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
  /**
   * Posts the B2C queue-timeout notice to QueueTimeOutURL for a pending payout without settling
   * it: it stays pending, and `approve` can still pay it (as Safaricom sometimes does). False
   * when no payout waits under that id.
   */
  sendQueueTimeout(providerRequestId: string): boolean;
  /** Sets `replyDelayMs` for requests received from now on. */
  setReplyDelay(ms: number): void;
  /** The next `n` STK push / B2C replies are dropped after the request took effect. */
  dropNextReplies(n: number): void;
  /** Applies to requests received from now on. */
  setMode(mode: FakeMode): void;
  /** Every callback sent so far, with its attempts. */
  callbacks(): readonly CallbackDeliveryRecord[];
  /** Invalidates every issued token, as a key rotation on Daraja would. */
  revokeTokens(): void;
  /** Resolves once every scheduled callback has been delivered or given up on. */
  settled(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const BODY_LIMIT = 64 * 1024;
const PAYMENT_PATHS: ReadonlySet<string> = new Set([
  DARAJA_PATHS.stkPush,
  DARAJA_PATHS.b2c,
  DARAJA_PATHS.stkQuery,
  DARAJA_PATHS.transactionStatus,
]);
const DROPPABLE_PATHS: ReadonlySet<string> = new Set([DARAJA_PATHS.stkPush, DARAJA_PATHS.b2c]);
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const INVALID_JSON = Symbol('invalid JSON');

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

  const emit = (event: FakeDarajaEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logger that throws must not break the fake.
    }
  };
  const tasks = createDelayedTasks();
  const delivery = createCallbackDelivery({
    attempts: options.callbackAttempts,
    backoffMs: options.callbackBackoffMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: emit,
    now,
  });
  const payments = createFakePayments({
    mode: options.mode,
    delayMs: options.delayMs,
    now,
    later: tasks.later,
    deliver: (url, body, subject) => tasks.track(delivery.deliver(url, body, subject)),
    emit,
  });

  const tokens = new Map<string, number>();
  const recorded: FakeDarajaRequest[] = [];
  const byOriginator = new Map<string, B2cReply>();
  let replyDelayMs = Math.max(0, options.replyDelayMs ?? 0);
  let repliesToDrop = Math.max(0, options.dropReplies ?? 0);

  const errorReply = (status: number, errorCode: string, errorMessage: string): Reply => ({
    status,
    body: { requestId: newRequestId(), errorCode, errorMessage },
  });

  function issueToken(request: IncomingMessage, url: URL): Reply {
    if (request.method !== 'GET') return errorReply(405, '405.001', 'Method Not Allowed');
    if (url.searchParams.get('grant_type') !== 'client_credentials') {
      return errorReply(400, '400.008.02', 'Invalid grant type passed');
    }
    const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`, 'utf8').toString('base64')}`;
    if (request.headers.authorization !== expected)
      return errorReply(400, '400.008.01', 'Invalid Authentication passed');
    const token = Array.from(randomBytes(28), (byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join('');
    tokens.set(token, now().getTime() + tokenTtlSeconds * 1000);
    return { status: 200, body: { access_token: token, expires_in: String(tokenTtlSeconds) } };
  }

  function authorised(request: IncomingMessage): boolean {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
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
    payments.accept({
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
    const originator = request.originatorConversationId;
    const earlier = originator === undefined ? undefined : byOriginator.get(originator);
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
      OriginatorConversationID: originator ?? randomUUID(),
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
    byOriginator.set(reply.OriginatorConversationID, reply);
    payments.accept({
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

  // STK Push Query: a settled prompt is answered with its ResultCode, an open one with Daraja's
  // "being processed" error, an unknown CheckoutRequestID with 400.002.02.
  function stkQuery(body: unknown): Reply {
    const checked = checkStkQuery(body, merchant);
    if (!checked.ok) return errorReply(checked.status, checked.error.errorCode, checked.error.errorMessage);
    const found = payments.lookup(checked.value.checkoutRequestId);
    if (found === undefined || found.payment.kind !== 'deposit') {
      return errorReply(400, '400.002.02', 'Bad Request - Invalid CheckoutRequestID');
    }
    const { payment, state } = found;
    if (state.state === 'pending') {
      return errorReply(500, STK_QUERY_PENDING_CODE, 'The transaction is being processed');
    }
    const result: FailureCode =
      state.state === 'approved'
        ? { code: 0, description: 'The service request is processed successfully.' }
        : state.state === 'declined'
          ? state.failure
          : STK_UNREACHABLE;
    const reply: StkQueryReply = {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successfully',
      MerchantRequestID: payment.merchantRequestId,
      CheckoutRequestID: payment.providerRequestId,
      ResultCode: String(result.code),
      ResultDesc: result.description,
    };
    return { status: 200, body: reply };
  }

  // Transaction Status: acknowledged at once; the Result goes to ResultURL after `delayMs`,
  // describing the transaction as it stands then.
  function transactionStatus(body: unknown): Reply {
    const checked = checkTransactionStatus(body, merchant);
    if (!checked.ok) return errorReply(checked.status, checked.error.errorCode, checked.error.errorMessage);
    const request = checked.value;
    const reply: TransactionStatusReply = {
      OriginatorConversationID: request.originatorConversationId ?? randomUUID(),
      ConversationID: newConversationId(now()),
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
    const query: StatusQuery = {
      originatorConversationId: reply.OriginatorConversationID,
      conversationId: reply.ConversationID,
    };
    tasks.later(options.delayMs, () => {
      tasks.track(delivery.deliver(request.resultUrl, statusResult(query, request)));
    });
    return { status: 200, body: reply };
  }

  function statusResult(query: StatusQuery, request: AcceptedTransactionStatus): unknown {
    if (request.initiatorName !== initiatorName || request.securityCredential !== securityCredential) {
      return statusFailureBody(query, B2C_INITIATOR_INVALID);
    }
    const byOriginal =
      request.originalConversationId === undefined ? undefined : byOriginator.get(request.originalConversationId);
    const found =
      byOriginal !== undefined
        ? payments.lookup(byOriginal.ConversationID)
        : request.transactionId === undefined
          ? undefined
          : payments.byReceipt(request.transactionId);
    // A payout that lapsed in the queue was never processed: M-Pesa has no such transaction.
    if (found === undefined || found.state.state === 'timed-out') return statusFailureBody(query, STATUS_NOT_FOUND);
    return statusFoundBody(
      query,
      statusSubject(found.payment, found.state),
      merchant.shortCode ?? fakeDarajaDefaults.shortCode,
    );
  }

  function route(request: IncomingMessage, url: URL, body: unknown): Reply {
    if (url.pathname === DARAJA_PATHS.oauth) return issueToken(request, url);
    const handler =
      url.pathname === DARAJA_PATHS.stkPush
        ? stkPush
        : url.pathname === DARAJA_PATHS.b2c
          ? b2c
          : url.pathname === DARAJA_PATHS.stkQuery
            ? stkQuery
            : url.pathname === DARAJA_PATHS.transactionStatus
              ? transactionStatus
              : undefined;
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
      body = parseJson(await readBody(request, BODY_LIMIT));
      reply = route(request, url, body);
    } catch (error) {
      reply =
        error instanceof BodyTooLargeError
          ? errorReply(413, '400.002.02', 'Bad Request - Body too large')
          : errorReply(500, '500.003.1001', 'Internal Server Error');
    }
    const method = request.method ?? 'GET';
    recorded.push({
      method,
      path: `${url.pathname}${url.search}`,
      headers: flattenHeaders(request),
      body: body === INVALID_JSON ? undefined : body,
      status: reply.status,
      at: now(),
    });
    emit({ type: 'request', method, path: url.pathname, status: reply.status });
    if (DROPPABLE_PATHS.has(url.pathname) && repliesToDrop > 0) {
      repliesToDrop -= 1;
      emit({ type: 'reply.dropped', path: url.pathname });
      request.socket.destroy();
      return;
    }
    if (PAYMENT_PATHS.has(url.pathname) && replyDelayMs > 0) await sleep(replyDelayMs);
    if (response.destroyed || request.socket.destroyed) return;
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
    listen: (port = 0, host = '127.0.0.1') => listen(server, port, host),
    async close() {
      tasks.cancel();
      delivery.close();
      await closeServer(server);
    },
    requests: () => [...recorded],
    pending: () => payments.pending(),
    approve: (id) => payments.decide(id, { type: 'approve' }),
    decline: (id, failure) =>
      payments.decide(id, failure === undefined ? { type: 'decline' } : { type: 'decline', failure }),
    timeOut: (id) => payments.decide(id, { type: 'timeout' }),
    sendQueueTimeout: (id) => payments.queueTimeout(id),
    setReplyDelay(ms) {
      replyDelayMs = Math.max(0, ms);
    },
    dropNextReplies(n) {
      repliesToDrop = Math.max(0, n);
    },
    setMode: (mode) => payments.setMode(mode),
    callbacks: () => delivery.deliveries(),
    revokeTokens() {
      tokens.clear();
    },
    settled: () => tasks.idle(),
  };
}

/** M-Pesa's TransactionStatus for a request as the fake knows it. */
function statusSubject(payment: FakePayment, state: FakePaymentState) {
  const status =
    state.state === 'approved'
      ? 'Completed'
      : state.state === 'declined'
        ? payment.kind === 'deposit'
          ? 'Cancelled'
          : 'Failed'
        : 'Pending';
  return {
    payment,
    status,
    receipt: state.state === 'approved' ? state.receipt : undefined,
    finalisedAt: state.state === 'approved' || state.state === 'declined' ? state.at : undefined,
  };
}

// The reply delay's timer never keeps the process alive; close() destroys the socket meanwhile.
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function parseJson(raw: string): unknown {
  if (raw.trim().length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID_JSON;
  }
}
