import type { Language } from '@sacco/bank';
import { WORKING_TAG } from '@sacco/ussd';
import { assign, fromPromise, setup } from 'xstate';
import type { MessageKey } from './messages/catalog.js';

/** What each IVR state says, and whether it waits for a key press or connects the call. */
export interface IvrMeta {
  readonly prompt: Extract<MessageKey, `ivr.${string}`>;
  /** `digit`: wait for one key; `dial`: connect to `destination`; `end`: say it and hang up. */
  readonly action: 'digit' | 'dial' | 'end';
  readonly destination?: 'sales' | 'support';
}

export type IvrEvent = { readonly type: 'DIGITS'; readonly digits: string } | { readonly type: 'NO_INPUT' };

export interface IvrContext {
  readonly sessionId: string;
  readonly callerNumber: string;
  readonly language: Language;
  /** Menus repeated after a wrong or missing key; the third miss ends the call. */
  readonly misses: number;
  /** True right after a miss, so the menu starts with "that is not an option". */
  readonly missed: boolean;
  /** True when that miss was silence (no key at all): the menu starts with "please press a key". */
  readonly silent?: boolean;
  /** We placed this call, because the member asked us to call back: the first menu says so. */
  readonly callBack?: boolean;
}

export interface IvrInput {
  readonly sessionId: string;
  readonly callerNumber: string;
  readonly defaultLanguage: Language;
  /** True on a call we placed (Africa's Talking's `direction: Outbound`): a call-back. */
  readonly callBack?: boolean;
}

/** Wrong or missing keys after which the IVR says goodbye (the menu is repeated at most twice). */
export const IVR_MAX_REPEATS = 2;

const digitsOf = (event: IvrEvent) => (event.type === 'DIGITS' ? event.digits.trim() : '');

/**
 * The call-back IVR: the member hears the options (1 sales, 2 support, 9 repeat) in their
 * language, and is connected to the chosen desk. A wrong or missing key repeats the menu at
 * most twice; then a polite goodbye. Persisted per voice session like a USSD session.
 */
export const ivrMachine = setup({
  types: {
    context: {} as IvrContext,
    events: {} as IvrEvent,
    input: {} as IvrInput,
    meta: {} as IvrMeta,
    tags: {} as typeof WORKING_TAG,
  },
  actors: {
    languageOf: fromPromise<Language | undefined, { phone: string }>(async () => undefined),
  },
  guards: {
    pressed: ({ event }, params: { key: string }) => digitsOf(event) === params.key,
    canRepeat: ({ context }) => context.misses < IVR_MAX_REPEATS,
  },
  actions: {
    miss: assign(({ context }) => ({ misses: context.misses + 1, missed: true, silent: false })),
    missSilence: assign(({ context }) => ({ misses: context.misses + 1, missed: true, silent: true })),
    clearMiss: assign({ missed: false }),
    rememberLanguage: assign(({ context, event }) => ({
      language: ((event as unknown as { output?: Language }).output ?? context.language) as Language,
    })),
  },
}).createMachine({
  id: 'ivr',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    callerNumber: input.callerNumber,
    language: input.defaultLanguage,
    callBack: input.callBack === true,
    misses: 0,
    missed: false,
  }),
  initial: 'greeting',
  states: {
    greeting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'languageOf',
        input: ({ context }) => ({ phone: context.callerNumber }),
        onDone: { target: 'menu', actions: 'rememberLanguage' },
        // The language is a courtesy: without it the call goes on in the default one.
        onError: 'menu',
      },
    },
    menu: {
      meta: { prompt: 'ivr.menu', action: 'digit' },
      // The call-back greeting is said once, before the first menu.
      exit: assign({ callBack: false }),
      on: {
        DIGITS: [
          { guard: { type: 'pressed', params: { key: '1' } }, target: 'sales' },
          { guard: { type: 'pressed', params: { key: '2' } }, target: 'support' },
          { guard: { type: 'pressed', params: { key: '9' } }, target: 'menu', reenter: true, actions: 'clearMiss' },
          { guard: 'canRepeat', target: 'menu', reenter: true, actions: 'miss' },
          { target: 'goodbye' },
        ],
        NO_INPUT: [
          { guard: 'canRepeat', target: 'menu', reenter: true, actions: 'missSilence' },
          { target: 'goodbye' },
        ],
      },
    },
    sales: { type: 'final', meta: { prompt: 'ivr.connectingSales', action: 'dial', destination: 'sales' } },
    support: { type: 'final', meta: { prompt: 'ivr.connectingSupport', action: 'dial', destination: 'support' } },
    goodbye: { type: 'final', meta: { prompt: 'ivr.goodbye', action: 'end' } },
  },
});

export type IvrMachine = typeof ivrMachine;

/** The IVR with the member's language looked up by `languageOf`. */
export function createIvrMachine(languageOf: (phone: string) => Promise<Language | undefined>) {
  return ivrMachine.provide({
    actors: { languageOf: fromPromise(({ input }: { input: { phone: string } }) => languageOf(input.phone)) },
  });
}

/** The state an IVR snapshot is in: its id (`ivr.menu`, as the studio's chart names it) and meta. */
export function ivrStateOf(snapshot: {
  getMeta(): Record<string, unknown>;
}): { readonly id: string; readonly meta: IvrMeta } | undefined {
  for (const [id, meta] of Object.entries(snapshot.getMeta())) {
    if (typeof (meta as IvrMeta | undefined)?.prompt === 'string') return { id, meta: meta as IvrMeta };
  }
  return undefined;
}

/** The meta of the state an IVR snapshot is in. */
export function ivrMetaOf(snapshot: { getMeta(): Record<string, unknown> }): IvrMeta | undefined {
  return ivrStateOf(snapshot)?.meta;
}
