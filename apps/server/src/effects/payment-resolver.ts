import { type CheckPolicy, decideCheck, type MoneyService, type Payment, type PaymentAttempt } from '@sacco/bank';
import type { MobileMoneyPort } from '@sacco/gateways';
import type { Logger } from 'pino';

export interface PaymentResolverOptions {
  readonly money: MoneyService;
  readonly mobileMoney: MobileMoneyPort;
  readonly policy: CheckPolicy;
  readonly logger: Logger;
  /** How often to look for due checks. */
  readonly intervalMs: number;
  readonly batchSize?: number;
  readonly now?: () => Date;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Settles what we could not know. Every open payment is checked when due (with backoff): the
 * resolver asks Daraja (STK Push Query for prompts, Transaction Status for payouts) and applies
 * the answer through the same path as a callback; sends a prompt again only when Daraja says
 * none exists; fails a payment only when the provider says every request failed or never
 * existed; and hands a payment to an operator when nothing can tell us more (a prompt whose id
 * was lost, airtime, which Africa's Talking cannot be asked about). Runs on every instance:
 * claims are leases in the table.
 */
export function createPaymentResolver(options: PaymentResolverOptions) {
  const { money, mobileMoney, logger } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function queryDeposit(payment: Payment, attempt: PaymentAttempt): Promise<void> {
    const providerRequestId = attempt.providerRequestId as string;
    const answer = await mobileMoney.queryDeposit({ providerRequestId });
    if (answer.state === 'pending') return;
    await money.settleDeposit({
      providerRequestId,
      succeeded: answer.state === 'succeeded',
      verdict: answer.state === 'absent' ? 'absent' : undefined,
      description: answer.description,
      source: 'query',
      operation: 'stk-query',
    });
    logger.info({ paymentId: payment.id, providerRequestId, answer: answer.state }, 'asked Daraja about a prompt');
  }

  async function queryPayout(payment: Payment): Promise<void> {
    const query = await money.startStatusQuery(payment.id);
    try {
      const { providerRequestId } = await mobileMoney.queryPayout({
        originatorConversationId: payment.idempotencyKey,
        queryId: query.reference,
      });
      await money.statusQueryAnswered(query, 'accepted', 'accepted', providerRequestId);
    } catch (error) {
      // A query changes nothing at the provider: asking again later is always safe.
      await money.statusQueryAnswered(query, 'not_sent', reasonOf(error));
      throw error;
    }
  }

  async function check(payment: Payment): Promise<void> {
    await money.replayUnmatchedFor(payment.id);
    const attempts = await money.attemptsOf(payment.id);
    const action = decideCheck(payment, attempts, now(), options.policy);
    const line = { paymentId: payment.id, kind: payment.kind, status: payment.status, check: payment.checks };
    switch (action.action) {
      case 'query-deposit':
        for (const attempt of action.attempts) await queryDeposit(payment, attempt);
        return;
      case 'query-payout':
        await queryPayout(payment);
        return;
      case 'resend-prompt':
        if (await money.resendPrompt(payment.id)) logger.warn(line, 'Daraja has no such prompt: sending it again');
        return;
      case 'fail':
        await money.failOpenPayment(payment.id, action.reason);
        logger.info({ ...line, reason: action.reason }, 'payment failed on the provider word');
        return;
      case 'operator':
        await money.flagForOperator(payment.id, action.reason);
        logger.error({ ...line, reason: action.reason, alert: 'payment-needs-operator' }, 'payment needs an operator');
        return;
      case 'wait':
        if (action.until !== undefined) await money.scheduleCheck(payment.id, action.until);
        return;
    }
  }

  /** Checks one batch of due payments; resolves with how many were checked. */
  async function runOnce(): Promise<number> {
    const due = await money.claimDueChecks(batchSize);
    for (const payment of due) {
      try {
        await check(payment);
      } catch (error) {
        logger.warn({ paymentId: payment.id, err: error }, 'payment check failed; asking again later');
      }
    }
    return due.length;
  }

  function tick() {
    if (running !== undefined) return;
    running = runOnce().catch((error) => {
      logger.error({ err: error }, 'payment resolver failed');
      return 0;
    });
    void running.then((checked) => {
      running = undefined;
      if (timer !== undefined) timer = setTimeout(tick, checked === batchSize ? 0 : options.intervalMs).unref();
    });
  }

  return {
    runOnce,
    start() {
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export type PaymentResolver = ReturnType<typeof createPaymentResolver>;
