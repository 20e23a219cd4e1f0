import {
  type AmountRange,
  checkRange,
  checkWholeUnits,
  formatMoney,
  type Language,
  MoneyError,
  type MoneyLimits,
} from '@sacco/bank';
import type { NavigationKeys, Params, UssdApp } from '@sacco/ussd';
import type { AnyMachineSnapshot } from 'xstate';
import { parseAmount } from './amounts.js';
import { effectActors, type SessionServices } from './effects/registry.js';
import { type ScreenKey, translate } from './messages/catalog.js';
import { greetingName } from './names.js';
import { sessionMachine } from './session.machine.js';
import { type AmountProblem, journeyView, type SessionContext } from './session.setup.js';
import { statementLines } from './statement-lines.js';

/**
 * Bump when a change to the session machine makes old snapshots unsafe to resume (renamed
 * states, a new context shape). Sessions on the old version start again with a notice.
 */
export const SESSION_MACHINE_VERSION = 6;

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
  const { journey } = context;
  switch (journey?.kind) {
    case 'loan':
      return { min: settings.loanMin, max: BigInt(journey.limit ?? '0') };
    case 'repayment':
      return { min: 1n, max: BigInt(journey.loan?.outstanding ?? '0') };
    case 'deposit':
    case 'withdrawal':
    case 'transfer':
    case 'airtime':
      return settings.limits[journey.kind];
    default:
      return undefined;
  }
}

// Wallet-to-wallet transfers and repayments from the wallet may carry cents; anything that
// moves through mobile money, airtime or a loan is in whole units.
const takesCents = ({ journey }: SessionContext) =>
  journey?.kind === 'transfer' || (journey?.kind === 'repayment' && journey.source === 'wallet');

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

/** The session machine with its effects supplied by `services` and its limits by `settings`. */
export function createSessionMachine(services: SessionServices, settings: SessionSettings) {
  return sessionMachine.provide({
    guards: {
      amountProblemIs: ({ context, event }, params: { problem: AmountProblem }) =>
        amountProblem(settings, context, event.type === 'INPUT' ? event.value : '') === params.problem,
    },
    actors: effectActors(services),
  });
}

/** A journey's own text and number fields, as screen values by their names (the ones below come first). */
const plainFields = (journey: object | null): Params =>
  Object.fromEntries(
    Object.entries(journey ?? {}).flatMap(([name, value]) =>
      typeof value === 'string' || typeof value === 'number' ? [[name, value]] : [],
    ),
  );

/** The values screens may show, from the context and the deployment's settings. */
export function screenParams(context: SessionContext, settings: SessionSettings): Params {
  const show = (minor: bigint) => formatMoney(minor, settings.currency);
  const showText = (minor: string | undefined) => (minor === undefined ? '' : show(BigInt(minor)));
  const range = rangeOf(settings, context);
  const journey = journeyView(context);
  const date = (iso: string | undefined) => (iso === undefined ? '' : localDate(iso, settings.limits.utcOffsetMinutes));
  const termOptions = context.loanTerms.map(
    (days, i) => `${i + 1}. ${translate(context.language, 'label.days', { days })}`,
  );
  return {
    ...plainFields(context.journey),
    loanLimit: showText(journey.limit ?? undefined),
    loanTermOptions: termOptions.join('\n'),
    termDays: journey.termDays ?? '',
    loanFee: showText(journey.quote?.fee ?? journey.loan?.fee),
    loanTotal: showText(journey.quote?.total),
    loanDue: date(journey.quote?.due ?? journey.loan?.due),
    principal: showText(journey.loan?.principal),
    loanPaid: showText(journey.loan?.paid),
    outstanding: showText(journey.loan?.outstanding),
    overdue: journey.loan?.overdue === true ? translate(context.language, 'label.overdue') : '',
    loanLateFee:
      journey.loan !== undefined && journey.loan !== null && BigInt(journey.loan.lateFee) > 0n
        ? translate(context.language, 'label.lateFee', { fee: show(BigInt(journey.loan.lateFee)) })
        : '',
    loanState:
      journey.loan?.open === false
        ? translate(context.language, 'label.repaid')
        : translate(context.language, 'label.due', {
            loanDue: date(journey.loan?.due),
            overdue: journey.loan?.overdue === true ? translate(context.language, 'label.overdue') : '',
          }),
    currency: settings.currency,
    phone: context.phone,
    amount: showText(journey.amount ?? undefined),
    min: range === undefined ? '' : show(range.min),
    max: range === undefined ? '' : show(range.max),
    dailyLimit: show(settings.limits.dailyOutflow),
    typedPhone: journey.typedPhone ?? '',
    recipientName: greetingName(journey.recipient?.name ?? ''),
    recipientPhone: journey.recipient?.phone ?? '',
    airtimeFor: journey.airtimeFor ?? '',
    statement: journey.statement
      ? statementLines(journey.statement, context.language, settings.limits.utcOffsetMinutes)
      : '',
    name: greetingName(context.member?.name ?? journey.fullName ?? ''),
    balance: journey.balance ? formatMoney(BigInt(journey.balance.minor), journey.balance.currency) : '',
    held: journey.balance ? formatMoney(BigInt(journey.balance.held ?? '0'), journey.balance.currency) : '',
    available: journey.balance
      ? formatMoney(BigInt(journey.balance.minor) - BigInt(journey.balance.held ?? '0'), journey.balance.currency)
      : '',
    attemptsLeft: context.attemptsLeft ?? '',
    lockedMinutes: journey.lockedMinutes ?? settings.lockMinutes,
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
