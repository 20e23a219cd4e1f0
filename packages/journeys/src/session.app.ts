import {
  type AmountRange,
  checkRange,
  checkWholeUnits,
  formatMoney,
  type Language,
  MoneyError,
  type MoneyLimits,
} from '@sacco/bank';
import { type NavigationKeys, type Params, toGsm7, type UssdApp } from '@sacco/ussd';
import { type AnyMachineSnapshot, fromPromise } from 'xstate';
import { parseAmount } from './amounts.js';
import { type ScreenKey, translate } from './messages/catalog.js';
import type { MoneyRequest, SessionServices } from './services.js';
import { sessionMachine } from './session.machine.js';
import type { AmountProblem, SessionContext } from './session.setup.js';
import { statementLines } from './statement-lines.js';

/**
 * Bump when a change to the session machine makes old snapshots unsafe to resume (renamed
 * states, a new context shape). Sessions on the old version start again with a notice.
 */
export const SESSION_MACHINE_VERSION = 3;

export interface SessionSettings {
  readonly navigation: NavigationKeys;
  readonly defaultLanguage: Language;
  readonly supportPhone: string;
  readonly lockMinutes: number;
  readonly currency: string;
  /** The calling code of numbers typed without one, e.g. `254`. */
  readonly countryCode: string;
  readonly limits: MoneyLimits;
  /** The smallest loan, and the terms offered in days. */
  readonly loanMin: bigint;
  readonly loanTerms: readonly number[];
}

/** The amounts a journey accepts: limits from configuration, or what the member may borrow or owes. */
function rangeOf(settings: SessionSettings, context: SessionContext): AmountRange | undefined {
  switch (context.journey) {
    case null:
      return undefined;
    case 'loan':
      return { min: settings.loanMin, max: BigInt(context.loanLimit ?? '0') };
    case 'repayment':
      return { min: 1n, max: BigInt(context.loan?.outstanding ?? '0') };
    default:
      return settings.limits[context.journey];
  }
}

// Wallet-to-wallet transfers and repayments from the wallet may carry cents; anything that
// moves through mobile money, airtime or a loan is in whole units.
const takesCents = (context: SessionContext) =>
  context.journey === 'transfer' || (context.journey === 'repayment' && context.repaySource === 'wallet');

/** What is wrong with an amount for the journey under way, by the deployment's limits. */
export function amountProblem(
  settings: SessionSettings,
  context: SessionContext,
  raw: string,
): AmountProblem | undefined {
  const amount = parseAmount(raw);
  const range = rangeOf(settings, context);
  if (amount === undefined || range === undefined) return undefined;
  try {
    if (!takesCents(context)) checkWholeUnits(amount);
    checkRange(range, amount);
    return undefined;
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return error.code === 'not-whole-units' ? 'not-whole' : error.code === 'below-minimum' ? 'below' : 'above';
  }
}

type MoneyInput<T = object> = { input: MoneyRequest & T };

/** The session machine with its effects supplied by `services` and its limits by `settings`. */
export function createSessionMachine(services: SessionServices, settings: SessionSettings) {
  return sessionMachine.provide({
    guards: {
      amountProblemIs: ({ context, event }, params: { problem: AmountProblem }) =>
        amountProblem(settings, context, event.type === 'INPUT' ? event.value : '') === params.problem,
    },
    actors: {
      requestDeposit: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.requestDeposit(input)),
      withdraw: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.withdraw(input)),
      findRecipient: fromPromise(({ input }: { input: { phone: string; caller: string } }) =>
        services.findRecipient(input.phone, input.caller),
      ),
      transfer: fromPromise(({ input }: MoneyInput<{ toMemberId: string }>) => services.transfer(input)),
      buyAirtime: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.buyAirtime(input)),
      statement: fromPromise(({ input }: { input: { memberId: string } }) => services.statement(input.memberId)),
      loanOffer: fromPromise(({ input }: { input: { memberId: string } }) => services.loanOffer(input.memberId)),
      loanTerms: fromPromise(({ input }: { input: { amount: string; termDays: number } }) => services.loanTerms(input)),
      applyLoan: fromPromise(({ input }: MoneyInput<{ termDays: number }>) => services.applyLoan(input)),
      loanStatus: fromPromise(({ input }: { input: { memberId: string } }) => services.loanStatus(input.memberId)),
      repayLoan: fromPromise(({ input }: MoneyInput) => services.repayLoan(input)),
      requestLoanRepayment: fromPromise(({ input }: MoneyInput<{ phone: string }>) =>
        services.requestLoanRepayment(input),
      ),
      requestCallBack: fromPromise(({ input }: { input: { memberId: string; phone: string } }) =>
        services.requestCallBack(input),
      ),
      lookUpCaller: fromPromise(({ input }: { input: { phone: string } }) => services.lookUpCaller(input.phone)),
      digestPin: fromPromise(({ input }: { input: { sessionId: string; pin: string } }) =>
        services.digestPin(input.sessionId, input.pin),
      ),
      register: fromPromise(({ input }: { input: Parameters<SessionServices['register']>[0] }) =>
        services.register(input),
      ),
      verifyPin: fromPromise(({ input }: { input: { memberId: string; pin: string } }) =>
        services.verifyPin(input.memberId, input.pin),
      ),
      changePin: fromPromise(({ input }: { input: Parameters<SessionServices['changePin']>[0] }) =>
        services.changePin(input),
      ),
      setLanguage: fromPromise(({ input }: { input: { memberId: string; language: Language } }) =>
        services.setLanguage(input.memberId, input.language),
      ),
      walletBalance: fromPromise(async ({ input }: { input: { memberId: string } }) => {
        const balance = await services.walletBalance(input.memberId);
        return { minor: balance.minor.toString(), currency: balance.currency };
      }),
    },
  });
}

// Members are greeted by their first name, cut to a length that keeps every menu on one screen.
const GREETING_NAME_MAX = 20;

function greetingName(fullName: string): string {
  const first = toGsm7(fullName.split(' ')[0] ?? '');
  return first.length <= GREETING_NAME_MAX ? first : `${first.slice(0, GREETING_NAME_MAX - 1)}.`;
}

/** The values screens may show, from the context and the deployment's settings. */
export function screenParams(context: SessionContext, settings: SessionSettings): Params {
  const show = (minor: bigint) => formatMoney(minor, settings.currency);
  const showText = (minor: string | undefined) => (minor === undefined ? '' : show(BigInt(minor)));
  const range = rangeOf(settings, context);
  const date = (iso: string | undefined) => (iso === undefined ? '' : localDate(iso, settings.limits.utcOffsetMinutes));
  const termOptions = context.loanTerms.map(
    (days, i) => `${i + 1}. ${translate(context.language, 'label.days', { days })}`,
  );
  return {
    loanLimit: showText(context.loanLimit ?? undefined),
    loanTermOptions: termOptions.join('\n'),
    termDays: context.loanTermDays ?? '',
    loanFee: showText(context.loanQuote?.fee ?? context.loan?.fee),
    loanTotal: showText(context.loanQuote?.total),
    loanDue: date(context.loanQuote?.due ?? context.loan?.due),
    principal: showText(context.loan?.principal),
    loanPaid: showText(context.loan?.paid),
    outstanding: showText(context.loan?.outstanding),
    overdue: context.loan?.overdue === true ? translate(context.language, 'label.overdue') : '',
    currency: settings.currency,
    phone: context.phone,
    amount: context.amount === null ? '' : show(BigInt(context.amount)),
    min: range === undefined ? '' : show(range.min),
    max: range === undefined ? '' : show(range.max),
    dailyLimit: show(settings.limits.dailyOutflow),
    typedPhone: context.typedPhone ?? '',
    recipientName: greetingName(context.recipient?.name ?? ''),
    recipientPhone: context.recipient?.phone ?? '',
    airtimeFor: context.airtimeFor ?? '',
    statement:
      context.statement === null
        ? ''
        : statementLines(context.statement, context.language, settings.limits.utcOffsetMinutes),
    name: greetingName(context.member?.name ?? context.draft.fullName ?? ''),
    balance: context.balance === null ? '' : formatMoney(BigInt(context.balance.minor), context.balance.currency),
    attemptsLeft: context.attemptsLeft ?? '',
    lockedMinutes: context.lockedMinutes ?? settings.lockMinutes,
    lockMinutes: settings.lockMinutes,
    supportPhone: settings.supportPhone,
    back: settings.navigation.back,
    home: settings.navigation.home,
    more: settings.navigation.more,
  };
}

/** `28/12/2026`, in the institution's time zone. */
function localDate(iso: string, utcOffsetMinutes: number): string {
  const local = new Date(new Date(iso).getTime() + utcOffsetMinutes * 60_000);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${local.getUTCFullYear()}`;
}

/** Renders a screen: the notice and error lines, if any, above the screen itself. */
export function renderSessionScreen(screen: ScreenKey, context: SessionContext, settings: SessionSettings): string {
  const params = screenParams(context, settings);
  const lines: string[] = [];
  if (context.notice !== null) lines.push(translate(context.language, context.notice, params));
  if (context.error !== null) lines.push(translate(context.language, context.error, params));
  lines.push(translate(context.language, screen, params));
  return lines.join('\n');
}

/** The microfinance session as the USSD engine runs it. */
export function createSessionApp(services: SessionServices, settings: SessionSettings): UssdApp {
  const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as SessionContext;
  const navParams = {
    back: settings.navigation.back,
    home: settings.navigation.home,
    more: settings.navigation.more,
  };
  return {
    machineId: sessionMachine.id,
    version: SESSION_MACHINE_VERSION,
    machine: createSessionMachine(services, settings),
    createInput: (dialIn) => ({
      sessionId: dialIn.sessionId,
      phone: dialIn.phoneNumber,
      language: settings.defaultLanguage,
      currency: settings.currency,
      countryCode: settings.countryCode,
      loanTerms: settings.loanTerms,
    }),
    languageOf: (snapshot) => contextOf(snapshot)?.language ?? settings.defaultLanguage,
    renderScreen: (screen, snapshot) => renderSessionScreen(screen as ScreenKey, contextOf(snapshot), settings),
    systemText: (message, language) =>
      translate((language === 'sw' ? 'sw' : 'en') satisfies Language, `system.${message}`, navParams),
  };
}
