import type { CallbackOutcome, MoneyService, PaymentResult } from '@sacco/bank';
import {
  type AirtimeStatus,
  MalformedCallbackError,
  type MobileMoneyResult,
  parseAirtimeStatus,
  parseB2cResult,
  parseB2cTimeout,
  parseStkCallback,
  parseTransactionStatusResult,
  parseTransactionStatusTimeout,
  type TransactionStatusResult,
} from '@sacco/gateways';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayGuard } from '../webhook-token.js';

export interface PaymentCallbackOptions {
  readonly money: MoneyService;
  readonly gatewayGuard: GatewayGuard;
}

/** The paths to register with the providers (each with `?token=` when WEBHOOK_TOKEN is set). */
export const CALLBACK_PATHS = {
  stkResult: '/payments/mpesa/stk-result',
  b2cResult: '/payments/mpesa/b2c-result',
  b2cTimeout: '/payments/mpesa/b2c-timeout',
  statusResult: '/payments/mpesa/status-result',
  statusTimeout: '/payments/mpesa/status-timeout',
  airtimeStatus: '/airtime/status',
} as const;

/**
 * What each result must carry to move money, as Safaricom documents it: an STK success names
 * the amount and the payer's phone; a B2C result echoes our OriginatorConversationID beside its
 * ConversationID (both must name the same payment), and a B2C success names amount and receiver.
 */
const fromMobileMoney = (
  result: MobileMoneyResult,
  operation: string,
  required: PaymentResult['required'],
): PaymentResult => ({
  providerRequestId: result.providerRequestId,
  idempotencyKey: result.originatorId,
  succeeded: result.succeeded,
  description: result.resultDescription,
  amount: result.amountMinor,
  phone: result.phone,
  receipt: result.receipt,
  operation,
  required,
});

/** A B2C queue timeout: not processed in time is not "not processed", so the payout is in doubt. */
const fromB2cTimeout = (result: MobileMoneyResult): PaymentResult => ({
  ...fromMobileMoney(result, 'b2c-timeout', ['idempotencyKey']),
  verdict: 'unknown',
});

const fromTransactionStatus = (result: TransactionStatusResult, operation: string): PaymentResult => ({
  providerRequestId: result.conversationId,
  queryReference: result.queryId,
  succeeded: result.succeeded,
  verdict: result.state === 'found' ? undefined : result.state === 'absent' ? 'absent' : 'unknown',
  description: result.description,
  amount: result.amountMinor,
  phone: result.phone,
  receipt: result.receipt,
  source: 'query',
  operation,
  required: ['amount', 'phone'],
});

const fromAirtime = (status: AirtimeStatus): PaymentResult => ({
  providerRequestId: status.providerRequestId,
  succeeded: status.succeeded,
  description: status.description ?? (status.succeeded ? 'Success' : 'Failed'),
  phone: status.phone,
  amount: status.amountMinor,
  operation: 'airtime-status',
  required: ['amount', 'phone'],
});

/**
 * The providers' result callbacks. Each body is parsed strictly (400 when it does not fit),
 * matched to a payment we created (ids, amount, phone) and applied once: a repeated callback
 * answers 200 and changes nothing, a mismatched one moves nothing and is logged as suspicious.
 */
export async function paymentCallbackRoutes(app: FastifyInstance, options: PaymentCallbackOptions) {
  function route(
    path: string,
    parse: (body: unknown) => PaymentResult,
    settle: (r: PaymentResult) => Promise<CallbackOutcome>,
  ) {
    app.post(path, { onRequest: options.gatewayGuard }, async (request: FastifyRequest, reply: FastifyReply) => {
      const operation = path.split('/').at(-1) ?? path;
      let result: PaymentResult;
      try {
        result = parse(request.body);
      } catch (error) {
        if (error instanceof MalformedCallbackError) {
          await options.money.keepUnreadResult(operation, request.body, 'malformed', error.message);
          request.log.warn({ path, reason: error.message }, 'malformed payment callback: kept, answered 400');
          return reply.code(400).send({ error: 'Bad Request', message: error.message });
        }
        throw error;
      }
      // A result that names no request we know yet is kept as unmatched, and applied as soon as
      // its id is recorded (the provider can answer before we stored its reply) or the resolver checks.
      let outcome: CallbackOutcome;
      try {
        outcome = await settle(result);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await options.money.keepUnreadResult(operation, request.body, 'error', reason).catch(() => undefined);
        throw error;
      }
      const line = {
        path,
        providerRequestId: result.providerRequestId,
        succeeded: result.succeeded,
        outcome: outcome.outcome,
      };
      // Every result is kept in provider_results with what was done with it; the log says so too.
      if (outcome.outcome === 'suspicious')
        request.log.warn({ ...line, reason: outcome.reason }, 'suspicious payment callback');
      else if (outcome.outcome === 'unmatched')
        request.log.error(line, 'payment callback matches no payment yet: kept for reconciliation');
      else request.log.info(line, 'payment callback');
      // Daraja's acknowledgement shape; other providers only look at the status.
      return reply.code(200).send({ ResultCode: 0, ResultDesc: 'Accepted' });
    });
  }

  const { money } = options;
  route(
    CALLBACK_PATHS.stkResult,
    (body) => fromMobileMoney(parseStkCallback(body), 'stk-result', ['amount', 'phone']),
    money.settleDeposit,
  );
  route(
    CALLBACK_PATHS.b2cResult,
    (body) => fromMobileMoney(parseB2cResult(body), 'b2c-result', ['idempotencyKey', 'amount', 'phone']),
    money.settlePayout,
  );
  route(CALLBACK_PATHS.b2cTimeout, (body) => fromB2cTimeout(parseB2cTimeout(body)), money.settlePayout);
  route(
    CALLBACK_PATHS.statusResult,
    (body) => fromTransactionStatus(parseTransactionStatusResult(body), 'status-result'),
    money.settlePayout,
  );
  route(
    CALLBACK_PATHS.statusTimeout,
    (body) => fromTransactionStatus(parseTransactionStatusTimeout(body), 'status-timeout'),
    money.settlePayout,
  );
  route(CALLBACK_PATHS.airtimeStatus, (body) => fromAirtime(parseAirtimeStatus(body)), money.settleAirtime);
}
