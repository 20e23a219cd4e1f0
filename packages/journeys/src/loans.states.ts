import { WORKING_TAG } from '@sacco/ussd';
import { amountQuestion, confirmQuestion, movementKey, refusedBackTo } from './amount-question.states.js';
import { effectOutput } from './effects/registry.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

const backToLoans = { BACK: '#session.loans.menu' } as const;
const invalidChoice = { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } as const;

/** Apply: the offer, amount, term, the summary of fee and due date, PIN, confirm, disbursement. */
const apply = sessionSetup.createStateConfig({
  initial: 'checkingOffer',
  entry: { type: 'startJourney', params: { journey: 'loan' } },
  states: {
    checkingOffer: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'loanOffer',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: [
          {
            guard: { type: 'resultIs', params: { status: 'refused' } },
            target: '#session.loans.menu',
            actions: { type: 'rejectLoanOffer', params: effectOutput },
          },
          { target: 'askAmount', actions: { type: 'rememberLoanOffer', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    askAmount: amountQuestion('screen.loans.askAmount', 'askTerm'),
    askTerm: {
      ...showsScreen('screen.loans.askTerm', 'choice'),
      on: {
        BACK: 'askAmount',
        INPUT: [{ guard: 'isTermChoice', target: 'quoting', actions: 'rememberTerm' }, invalidChoice],
      },
    },
    quoting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'loanTerms',
        input: ({ context }) => ({ amount: context.amount ?? '0', termDays: context.loanTermDays ?? 0 }),
        onDone: { target: 'summary', actions: { type: 'rememberLoanQuote', params: effectOutput } },
        onError: '#session.failure',
      },
    },
    summary: confirmQuestion('screen.loans.summary', 'askPin', '#session.loans.menu'),
    ...pinCheckStates('screen.loans.askPin', 'confirm'),
    confirm: confirmQuestion('screen.loans.confirm', 'disbursing', '#session.loans.menu'),
    disbursing: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'applyLoan',
        input: ({ context }) => ({
          idempotencyKey: movementKey(context),
          memberId: context.member?.id ?? '',
          amount: context.amount ?? '0',
          termDays: context.loanTermDays ?? 0,
        }),
        onDone: [
          refusedBackTo('#session.loans.menu'),
          { target: 'done', actions: { type: 'rememberOutcome', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    done: endsWith('screen.loans.disbursed'),
  },
});

/** Repay: from the wallet (with the PIN) or by an M-Pesa prompt, any amount up to what is owed. */
const repay = sessionSetup.createStateConfig({
  initial: 'findingLoan',
  entry: { type: 'startJourney', params: { journey: 'repayment' } },
  states: {
    findingLoan: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'loanStatus',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: [
          {
            guard: { type: 'hasOpenLoan', params: effectOutput },
            target: 'chooseSource',
            actions: { type: 'rememberLoan', params: effectOutput },
          },
          { target: '#session.loans.menu', actions: { type: 'reject', params: { error: 'error.noLoan' } } },
        ],
        onError: '#session.failure',
      },
    },
    chooseSource: {
      ...showsScreen('screen.loans.chooseSource', 'choice'),
      on: {
        ...backToLoans,
        INPUT: [
          {
            guard: { type: 'inputIs', params: { value: '1' } },
            target: 'askWalletAmount',
            actions: { type: 'chooseRepaySource', params: { source: 'wallet' } },
          },
          {
            guard: { type: 'inputIs', params: { value: '2' } },
            target: 'askMpesaAmount',
            actions: { type: 'chooseRepaySource', params: { source: 'mpesa' } },
          },
          invalidChoice,
        ],
      },
    },
    askWalletAmount: amountQuestion('screen.loans.askRepayAmount', 'askPin'),
    ...pinCheckStates('screen.loans.askRepayPin', 'repaying'),
    repaying: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'repayLoan',
        input: ({ context }) => ({
          idempotencyKey: movementKey(context),
          memberId: context.member?.id ?? '',
          amount: context.amount ?? '0',
        }),
        onDone: [
          refusedBackTo('askWalletAmount'),
          { target: 'repaid', actions: { type: 'rememberRepayment', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    repaid: endsWith('screen.loans.repaid'),
    askMpesaAmount: amountQuestion('screen.loans.askRepayAmount', 'confirmMpesa'),
    confirmMpesa: confirmQuestion('screen.loans.confirmMpesa', 'requesting', '#session.loans.menu'),
    requesting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'requestLoanRepayment',
        input: ({ context }) => ({
          idempotencyKey: movementKey(context),
          memberId: context.member?.id ?? '',
          phone: context.phone,
          amount: context.amount ?? '0',
        }),
        onDone: [refusedBackTo('askMpesaAmount'), { target: 'requested' }],
        onError: '#session.failure',
      },
    },
    requested: endsWith('screen.loans.repaymentRequested'),
  },
});

/** Status: principal, fee, paid, outstanding, due date, overdue flag. */
const status = sessionSetup.createStateConfig({
  initial: 'loading',
  states: {
    loading: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'loanStatus',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: [
          {
            guard: { type: 'hasLoan', params: effectOutput },
            target: 'show',
            actions: { type: 'rememberLoan', params: effectOutput },
          },
          { target: '#session.loans.menu', actions: { type: 'reject', params: { error: 'error.noLoan' } } },
        ],
        onError: '#session.failure',
      },
    },
    show: {
      ...showsScreen('screen.loans.status', 'choice'),
      on: { ...backToLoans, INPUT: invalidChoice },
    },
  },
});

/** Loans: apply, repay, status. */
export const loans = sessionSetup.createStateConfig({
  initial: 'menu',
  states: {
    menu: {
      ...showsScreen('screen.loans.menu', 'choice'),
      on: {
        BACK: '#session.mainMenu',
        INPUT: [
          { guard: { type: 'inputIs', params: { value: '1' } }, target: 'apply' },
          { guard: { type: 'inputIs', params: { value: '2' } }, target: 'repay' },
          { guard: { type: 'inputIs', params: { value: '3' } }, target: 'status' },
          invalidChoice,
        ],
      },
    },
    apply,
    repay,
    status,
  },
});
