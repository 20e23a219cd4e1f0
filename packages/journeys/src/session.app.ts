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

type ScreenValue = (context: SessionContext, settings: SessionSettings) => string | number;

const show = (settings: SessionSettings, minor: bigint) => formatMoney(minor, settings.currency);
const showText = (settings: SessionSettings, minor: string | null | undefined) =>
  minor === undefined || minor === null ? '' : show(settings, BigInt(minor));
const date = (settings: SessionSettings, iso: string | undefined) =>
  iso === undefined ? '' : localDate(iso, settings.limits.utcOffsetMinutes);
const overdueLabel = (context: SessionContext) =>
  journeyView(context).loan?.overdue === true ? translate(context.language, 'label.overdue') : '';
const balanceOf = (context: SessionContext) => journeyView(context).balance;

/**
 * The values screens may show by name, from the context and the deployment's settings. Each
 * is computed only when a text names it: a screen uses a few of them, and a hop renders one.
 */
const SCREEN_VALUES: Readonly<Record<string, ScreenValue>> = {
  loanLimit: (context, settings) => showText(settings, journeyView(context).limit),
  loanTermOptions: (context) =>
    context.loanTerms.map((days, i) => `${i + 1}. ${translate(context.language, 'label.days', { days })}`).join('\n'),
  termDays: (context) => journeyView(context).termDays ?? '',
  loanFee: (context, settings) => {
    const journey = journeyView(context);
    return showText(settings, journey.quote?.fee ?? journey.loan?.fee);
  },
  loanTotal: (context, settings) => showText(settings, journeyView(context).quote?.total),
  loanDue: (context, settings) => {
    const journey = journeyView(context);
    return date(settings, journey.quote?.due ?? journey.loan?.due);
  },
  principal: (context, settings) => showText(settings, journeyView(context).loan?.principal),
  loanPaid: (context, settings) => showText(settings, journeyView(context).loan?.paid),
  outstanding: (context, settings) => showText(settings, journeyView(context).loan?.outstanding),
  overdue: overdueLabel,
  loanLateFee: (context, settings) => {
    const { loan } = journeyView(context);
    return loan !== undefined && loan !== null && BigInt(loan.lateFee) > 0n
      ? translate(context.language, 'label.lateFee', { fee: show(settings, BigInt(loan.lateFee)) })
      : '';
  },
  loanState: (context, settings) => {
    const { loan } = journeyView(context);
    return loan?.open === false
      ? translate(context.language, 'label.repaid')
      : translate(context.language, 'label.due', {
          loanDue: date(settings, loan?.due),
          overdue: overdueLabel(context),
        });
  },
  currency: (_, settings) => settings.currency,
  phone: (context) => context.phone,
  amount: (context, settings) => showText(settings, journeyView(context).amount),
  min: (context, settings) => {
    const range = rangeOf(settings, context);
    return range === undefined ? '' : show(settings, range.min);
  },
  max: (context, settings) => {
    const range = rangeOf(settings, context);
    return range === undefined ? '' : show(settings, range.max);
  },
  dailyLimit: (_, settings) => show(settings, settings.limits.dailyOutflow),
  typedPhone: (context) => journeyView(context).typedPhone ?? '',
  recipientName: (context) => greetingName(journeyView(context).recipient?.name ?? ''),
  recipientPhone: (context) => journeyView(context).recipient?.phone ?? '',
  airtimeFor: (context) => journeyView(context).airtimeFor ?? '',
  statement: (context, settings) => {
    const { statement } = journeyView(context);
    return statement ? statementLines(statement, context.language, settings.limits.utcOffsetMinutes) : '';
  },
  name: (context) => greetingName(context.member?.name ?? journeyView(context).fullName ?? ''),
  balance: (context) => {
    const balance = balanceOf(context);
    return balance ? formatMoney(BigInt(balance.minor), balance.currency) : '';
  },
  held: (context) => {
    const balance = balanceOf(context);
    return balance ? formatMoney(BigInt(balance.held ?? '0'), balance.currency) : '';
  },
  available: (context) => {
    const balance = balanceOf(context);
    return balance ? formatMoney(BigInt(balance.minor) - BigInt(balance.held ?? '0'), balance.currency) : '';
  },
  attemptsLeft: (context) => context.attemptsLeft ?? '',
  lockedMinutes: (context, settings) => journeyView(context).lockedMinutes ?? settings.lockMinutes,
  lockMinutes: (_, settings) => settings.lockMinutes,
  supportPhone: (_, settings) => settings.supportPhone,
  back: (_, settings) => settings.navigation.back,
  home: (_, settings) => settings.navigation.home,
  more: (_, settings) => settings.navigation.more,
};

/** A journey's own text or number field, as a screen value (the named values above come first). */
function journeyField(context: SessionContext, name: string): string | number | undefined {
  const { journey } = context;
  if (journey === null || !Object.hasOwn(journey, name)) return undefined;
  const value: unknown = Reflect.get(journey, name);
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** The screen value called `name`, or undefined when there is none. */
export function screenValue(context: SessionContext, settings: SessionSettings, name: string) {
  const named = Object.hasOwn(SCREEN_VALUES, name) ? SCREEN_VALUES[name] : undefined;
  return named === undefined ? journeyField(context, name) : named(context, settings);
}

/** Every value screens may show, by name (for checks that each placeholder has one). */
export function screenParams(context: SessionContext, settings: SessionSettings): Params {
  const params: Record<string, string | number> = {};
  for (const name of Object.keys(context.journey ?? {})) {
    const value = journeyField(context, name);
    if (value !== undefined) params[name] = value;
  }
  for (const [name, value] of Object.entries(SCREEN_VALUES)) params[name] = value(context, settings);
  return params;
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
  const params = (name: string) => screenValue(context, settings, name);
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
