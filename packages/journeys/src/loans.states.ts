import { WORKING_TAG } from '@sacco/ussd';
import { amountQuestion, confirmQuestion, movement, refusedBackTo } from './amount-question.states.js';
import type { LoanSummary, LoanTerms } from './effects/answers.js';
import { effectOutput } from './effects/registry.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { journeyView, type MoneyFields, sessionSetup } from './session.setup.js';

/** Applying for a loan. */
export interface LoanApplicationContext extends MoneyFields {
  readonly kind: 'loan';
  /** What the member may borrow now (minor units), once the offer is known. */
  readonly limit: string | null;
  readonly termDays: number | null;
  /** The fee, total and due date of the loan asked for. */
  readonly quote: LoanTerms | null;
  /** Why not yet, when the offer is refused: days to wait, or savings to add for the smallest loan. */
  readonly loanWaitDays: number | null;
  readonly loanSaveMore: string | null;
  readonly loanBorrow: string | null;
}

/** Repaying the open loan. */
export interface RepaymentContext extends MoneyFields {
  readonly kind: 'repayment';
  readonly loan: LoanSummary | null;
  /** Where the repayment comes from. */
  readonly source: 'wallet' | 'mpesa' | null;
}

/** Looking at the latest loan. */
export interface LoanStatusContext {
  readonly kind: 'loanStatus';
  readonly id: string;
  readonly loan: LoanSummary | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    loan: LoanApplicationContext;
    repayment: RepaymentContext;
    loanStatus: LoanStatusContext;
  }
}

const backToLoans = { BACK: '#session.loans.menu' } as const;
const invalidChoice = { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } as const;

/** Apply: the offer, amount, term, the summary of fee and due date (the one confirm), PIN, disbursement. */
const apply = sessionSetup.createStateConfig({
  initial: 'checkingOffer',
  entry: {
    type: 'startJourney',
    params: {
      kind: 'loan',
      amount: null,
      balance: null,
      limit: null,
      termDays: null,
      quote: null,
      loanWaitDays: null,
      loanSaveMore: null,
      loanBorrow: null,
    },
  },
  states: {
    checkingOffer: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'loanOffer',
        input: ({ context }) => ({ memberId: context.member?.id ?? '' }),
        onDone: [
          {
            guard: { type: 'loanRefusedFor', params: { reason: 'too-new' } },
            target: 'tooNew',
            actions: { type: 'rememberLoanRefusal', params: effectOutput },
          },
          {
            guard: { type: 'loanRefusedFor', params: { reason: 'no-savings' } },
            target: 'noSavings',
            actions: { type: 'rememberLoanRefusal', params: effectOutput },
          },
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
    // Not yet: what is missing, said plainly.
    tooNew: { ...showsScreen('screen.loans.tooNew', 'choice'), on: { ...backToLoans, INPUT: invalidChoice } },
    noSavings: { ...showsScreen('screen.loans.noSavings', 'choice'), on: { ...backToLoans, INPUT: invalidChoice } },
    askAmount: amountQuestion('screen.loans.askAmount', 'askTerm', '#session.loans.menu'),
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
        input: ({ context }) => ({ amount: movement(context).amount, termDays: journeyView(context).termDays ?? 0 }),
        onDone: { target: 'summary', actions: { type: 'rememberLoanQuote', params: effectOutput } },
        onError: '#session.failure',
      },
    },
    summary: confirmQuestion('screen.loans.summary', 'askPin', '#session.loans.menu'),
    ...pinCheckStates('screen.loans.askPin', 'disbursing', 'summary'),
    disbursing: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'applyLoan',
        input: ({ context }) => ({ ...movement(context), termDays: journeyView(context).termDays ?? 0 }),
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

/** Repay: from the wallet (PIN, then confirm) or by an M-Pesa prompt, any amount up to what is owed. */
const repay = sessionSetup.createStateConfig({
  initial: 'findingLoan',
  entry: { type: 'startJourney', params: { kind: 'repayment', amount: null, balance: null, loan: null, source: null } },
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
    askWalletAmount: amountQuestion('screen.loans.askRepayAmount', 'askPin', 'chooseSource'),
    ...pinCheckStates('screen.loans.askRepayPin', 'confirmWallet', 'askWalletAmount'),
    confirmWallet: confirmQuestion('screen.loans.confirmWallet', 'repaying', '#session.loans.menu'),
    repaying: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'repayLoan',
        input: ({ context }) => movement(context),
        onDone: [
          refusedBackTo('askWalletAmount'),
          { target: 'repaid', actions: { type: 'rememberRepayment', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    repaid: endsWith('screen.loans.repaid'),
    askMpesaAmount: amountQuestion('screen.loans.askRepayAmount', 'confirmMpesa', 'chooseSource'),
    confirmMpesa: confirmQuestion('screen.loans.confirmMpesa', 'requesting', '#session.loans.menu'),
    requesting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'requestLoanRepayment',
        input: ({ context }) => ({ ...movement(context), phone: context.phone }),
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
  entry: { type: 'startJourney', params: { kind: 'loanStatus', loan: null } },
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
          { target: '#session.loans.menu', actions: { type: 'reject', params: { error: 'error.noLoanYet' } } },
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
