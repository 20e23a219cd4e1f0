import { formatMoney, type Language } from '@sacco/bank';
import { type NavigationKeys, type Params, toGsm7, type UssdApp } from '@sacco/ussd';
import { type AnyMachineSnapshot, fromPromise } from 'xstate';
import { type ScreenKey, translate } from './messages/catalog.js';
import type { SessionServices } from './services.js';
import { sessionMachine } from './session.machine.js';
import type { SessionContext } from './session.setup.js';

/**
 * Bump when a change to the session machine makes old snapshots unsafe to resume (renamed
 * states, a new context shape). Sessions on the old version start again with a notice.
 */
export const SESSION_MACHINE_VERSION = 1;

export interface SessionSettings {
  readonly navigation: NavigationKeys;
  readonly defaultLanguage: Language;
  readonly supportPhone: string;
  readonly lockMinutes: number;
}

/** The session machine with its effects supplied by `services`. */
export function createSessionMachine(services: SessionServices) {
  return sessionMachine.provide({
    actors: {
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
  return {
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
    machine: createSessionMachine(services),
    createInput: (dialIn) => ({
      sessionId: dialIn.sessionId,
      phone: dialIn.phoneNumber,
      language: settings.defaultLanguage,
    }),
    languageOf: (snapshot) => contextOf(snapshot)?.language ?? settings.defaultLanguage,
    renderScreen: (screen, snapshot) => renderSessionScreen(screen as ScreenKey, contextOf(snapshot), settings),
    systemText: (message, language) =>
      translate((language === 'sw' ? 'sw' : 'en') satisfies Language, `system.${message}`, navParams),
  };
}
