import { WORKING_TAG } from '@sacco/ussd';
import type { StatementItem } from './effects/answers.js';
import { effectOutput } from './effects/registry.js';
import { newPinStates, savingNewPin } from './new-pin.states.js';
import { pinCheckStates } from './pin-check.states.js';
import { showsScreen } from './screen-state.js';
import { type Balance, sessionSetup } from './session.setup.js';

/** My account: the balance and statement shown, a new PIN waiting for its confirmation. */
export interface AccountContext {
  readonly kind: 'account';
  readonly id: string;
  readonly balance: Balance | null;
  readonly statement: readonly StatementItem[] | null;
  /** Keyed digest of the new PIN typed once and waiting for its confirmation. */
  readonly pinDigest: string | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    account: AccountContext;
  }
}

const backToAccount = { BACK: '#session.account.menu' } as const;

const balance = sessionSetup.createStateConfig({
  initial: 'askPin',
  states: {
    ...pinCheckStates('screen.account.balance.askPin', 'loading', '#session.account.menu', { reading: true }),
    loading: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'walletBalance',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: [
          {
            guard: { type: 'hasHeldSavings', params: effectOutput },
            target: 'showHeld',
            actions: { type: 'rememberBalance', params: effectOutput },
          },
          { target: 'show', actions: { type: 'rememberBalance', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    show: {
      ...showsScreen('screen.account.balance.show', 'choice'),
      on: { ...backToAccount, INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } },
    },
    // While a loan is open: the balance, the part held for the loan, and what may be used.
    showHeld: {
      ...showsScreen('screen.account.balance.showHeld', 'choice'),
      on: { ...backToAccount, INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } },
    },
  },
});

const statement = sessionSetup.createStateConfig({
  initial: 'askPin',
  states: {
    ...pinCheckStates('screen.account.statement.askPin', 'loading', '#session.account.menu', {
      reading: true,
    }),
    loading: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'statement',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: { target: 'show', actions: { type: 'rememberStatement', params: effectOutput } },
        onError: '#session.failure',
      },
    },
    show: {
      ...showsScreen('screen.account.statement.show', 'choice'),
      on: { ...backToAccount, INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } },
    },
  },
});

const changePin = sessionSetup.createStateConfig({
  initial: 'askPin',
  states: {
    ...pinCheckStates('screen.account.changePin.askCurrent', 'choosePin', '#session.account.menu'),
    ...newPinStates(
      {
        choose: 'screen.account.changePin.askNew',
        confirm: 'screen.account.changePin.confirmNew',
      },
      '#session.account.menu',
    ),
    saving: savingNewPin({ target: 'done', actions: 'forgetPinDigest' }),
    done: {
      ...showsScreen('screen.account.changePin.done', 'choice'),
      on: { ...backToAccount, INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } },
    },
  },
});

const language = sessionSetup.createStateConfig({
  initial: 'choose',
  states: {
    choose: {
      ...showsScreen('screen.account.language.choose', 'choice'),
      on: {
        ...backToAccount,
        INPUT: [
          {
            guard: { type: 'inputIs', params: { value: '1' } },
            target: 'saving',
            actions: { type: 'switchLanguage', params: { language: 'en' } },
          },
          {
            guard: { type: 'inputIs', params: { value: '2' } },
            target: 'saving',
            actions: { type: 'switchLanguage', params: { language: 'sw' } },
          },
          { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
        ],
      },
    },
    saving: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'setLanguage',
        input: ({ context }) => ({ memberId: context.member?.id ?? '', language: context.language }),
        onDone: 'done',
        onError: '#session.failure',
      },
    },
    done: {
      ...showsScreen('screen.account.language.done', 'choice'),
      on: { ...backToAccount, INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } },
    },
  },
});

/** My account: balance, mini-statement, change PIN, change language. */
export const account = sessionSetup.createStateConfig({
  initial: 'menu',
  entry: { type: 'startJourney', params: { kind: 'account', balance: null, statement: null, pinDigest: null } },
  states: {
    menu: {
      ...showsScreen('screen.account.menu', 'choice'),
      on: {
        BACK: '#session.mainMenu',
        INPUT: [
          { guard: { type: 'inputIs', params: { value: '1' } }, target: 'balance' },
          { guard: { type: 'inputIs', params: { value: '2' } }, target: 'statement' },
          { guard: { type: 'inputIs', params: { value: '3' } }, target: 'changePin' },
          { guard: { type: 'inputIs', params: { value: '4' } }, target: 'language' },
          { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
        ],
      },
    },
    balance,
    statement,
    changePin,
    language,
  },
});
