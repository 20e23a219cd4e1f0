import { checkRange, checkWholeUnits, formatMoney, type Language, MoneyError, type MoneyLimits } from '@sacco/bank';
import { type NavigationKeys, type Params, toGsm7, type UssdApp } from '@sacco/ussd';
import { type AnyMachineSnapshot, fromPromise } from 'xstate';
import { parseAmount } from './amounts.js';
import { type ScreenKey, translate } from './messages/catalog.js';
import type { MoneyRequest, SessionServices } from './services.js';
import { sessionMachine } from './session.machine.js';
import type { AmountProblem, MoneyJourney, SessionContext } from './session.setup.js';
import { statementLines } from './statement-lines.js';

/**
 * Bump when a change to the session machine makes old snapshots unsafe to resume (renamed
 * states, a new context shape). Sessions on the old version start again with a notice.
 */
export const SESSION_MACHINE_VERSION = 2;

export interface SessionSettings {
  readonly navigation: NavigationKeys;
  readonly defaultLanguage: Language;
  readonly supportPhone: string;
  readonly lockMinutes: number;
  readonly currency: string;
  /** The calling code of numbers typed without one, e.g. `254`. */
  readonly countryCode: string;
  readonly limits: MoneyLimits;
}

const rangeOf = (limits: MoneyLimits, journey: MoneyJourney | null) => (journey === null ? undefined : limits[journey]);

/** What is wrong with an amount for the journey under way, by the deployment's limits. */
export function amountProblem(
  limits: MoneyLimits,
  journey: MoneyJourney | null,
  raw: string,
): AmountProblem | undefined {
  const amount = parseAmount(raw);
  const range = rangeOf(limits, journey);
  if (amount === undefined || range === undefined) return undefined;
  try {
    // Mobile money and airtime move whole units; wallet-to-wallet transfers may carry cents.
    if (journey !== 'transfer') checkWholeUnits(amount);
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
        amountProblem(settings.limits, context.journey, event.type === 'INPUT' ? event.value : '') === params.problem,
    },
    actors: {
      requestDeposit: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.requestDeposit(input)),
      withdraw: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.withdraw(input)),
      findRecipient: fromPromise(({ input }: { input: { phone: string } }) => services.findRecipient(input.phone)),
      transfer: fromPromise(({ input }: MoneyInput<{ toMemberId: string }>) => services.transfer(input)),
      buyAirtime: fromPromise(({ input }: MoneyInput<{ phone: string }>) => services.buyAirtime(input)),
      statement: fromPromise(({ input }: { input: { memberId: string } }) => services.statement(input.memberId)),
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
  const range = rangeOf(settings.limits, context.journey);
  return {
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
    }),
    languageOf: (snapshot) => contextOf(snapshot)?.language ?? settings.defaultLanguage,
    renderScreen: (screen, snapshot) => renderSessionScreen(screen as ScreenKey, contextOf(snapshot), settings),
    systemText: (message, language) =>
      translate((language === 'sw' ? 'sw' : 'en') satisfies Language, `system.${message}`, navParams),
  };
}
