/**
 * English screens. Placeholders in braces are filled at render time; `{back}`, `{home}` and
 * `{more}` are the configured navigation keys. Every string must stay within GSM-7 (a test
 * checks), and every screen within the budget in both languages (another test checks).
 */
export const en = {
  // Engine messages
  'system.sorry': 'Sorry, something went wrong. Please try again later.',
  'system.busy': 'We are busy right now. Please try again in a moment.',
  'system.late': 'We are still working on your request. Dial again in a minute to see the result.',
  'system.rateLimited': 'Too many requests. Please wait a minute and dial again.',
  'system.restarted': 'The menu was updated, so we started again.',
  'system.otherPhone': 'This session belongs to another phone.',
  'system.more': '{more}. More',
  'system.back': '{back}. Back',

  // One-line reasons shown above a screen that is asked again
  'error.invalidChoice': 'Invalid choice. Try again.',
  'error.noBack': 'There is no previous screen.',
  'error.nameInvalid': "Use 2-40 letters, spaces, ' or -.",
  'error.cityInvalid': "Use 2-30 letters, spaces, ' or -.",
  'error.pinFormat': 'A PIN is exactly 4 digits.',
  'error.pinTrivial': 'That PIN is too easy to guess.',
  'error.pinMismatch': 'The PINs did not match. Start again.',
  'error.pinWrong': 'Wrong PIN. Tries left: {attemptsLeft}.',
  'error.amountFormat': 'Enter an amount in figures, like 500.',
  'error.amountWhole': 'M-Pesa takes whole shillings only.',
  'error.amountBelow': 'The smallest amount is {min}.',
  'error.amountAbove': 'The largest amount is {max}.',
  'error.insufficientFunds': 'Not enough money: your balance is {balance}.',
  'error.dailyLimit': "That passes today's limit of {dailyLimit}.",
  'error.memberLocked': 'Your account is locked.',
  'error.phoneInvalid': 'Enter a phone number like 0712345678.',
  'error.recipientUnknown': '{typedPhone} is not a registered member.',
  'error.lookupLimited': 'Too many look-ups. Please wait a minute.',
  'error.recipientSelf': 'You cannot send money to yourself.',
  'error.loanOpen': 'You already have a loan. Repay it first.',
  'error.loanNotEligible': 'You cannot borrow at the moment.',
  'error.noLoan': 'You have no loan to repay.',
  'error.aboveOutstanding': 'That is more than you owe ({outstanding}).',

  // Mini-statement lines
  'statement.deposit': 'Deposit',
  'statement.received': 'Received',
  'statement.sent': 'Sent',
  'statement.withdrawal': 'Withdrawal',
  'statement.airtime': 'Airtime',
  'statement.refund': 'Refund',
  'statement.correction': 'Correction',
  'statement.other': 'Other',
  'statement.empty': 'No transactions yet.',

  // Words placed inside screens
  'label.days': '{days} days',
  'label.overdue': ' OVERDUE',
  'label.lateFee': '\nLate fee: {fee}',
  'label.due': 'Due: {loanDue}{overdue}',
  'label.repaid': 'Repaid',

  // Voice prompts (spoken by the IVR, not shown on a screen)
  'ivr.menu': 'Thank you for calling. Press 1 for sales, 2 for support, or 9 to hear these options again.',
  'ivr.noKey': 'Please press a key.',
  'ivr.missed': 'Sorry, that is not an option.',
  'ivr.connectingSales': 'Please hold while we connect you to our sales team.',
  'ivr.connectingSupport': 'Please hold while we connect you to our support team.',
  'ivr.goodbye': 'We did not get your choice. Thank you for calling, goodbye.',
  'ivr.sorry': 'Sorry, something went wrong. Please try again later. Goodbye.',
  'ivr.callBack': 'Hello, this is {sacco}, calling you back as you asked.',
  'ivr.callBackUnnamed': 'Hello, we are calling you back as you asked.',

  // Notices shown once above the next screen
  'notice.registered': 'Registration complete!',

  // Screens
  'screen.failure': 'Sorry, something went wrong. Please try again later.',
  'screen.locked':
    'Your account is locked after too many wrong PINs. Try again in {lockedMinutes} min or call {supportPhone}.',
  'screen.lockedOut':
    'Too many wrong PINs. Your account is locked for {lockMinutes} min. For help call {supportPhone}.',
  'screen.resetExpired': 'Your one-time PIN has expired. Call {supportPhone} to get a new one.',
  'screen.registration.askName': 'To register, enter your full name:\n{back}. Back',
  'screen.registration.askCity': 'Enter your city or town:\n{back}. Back',
  'screen.registration.askLanguage': 'Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili',
  'screen.registration.choosePin': 'Choose a 4-digit PIN:',
  'screen.registration.confirmPin': 'Enter the same PIN again:',
  'screen.registration.alreadyRegistered': 'This number is already registered. Please dial again.',
  'screen.mainMenu':
    'Welcome, {name}\n1. Deposit\n2. Withdraw\n3. Send money\n4. Buy airtime\n5. Loans\n6. My account\n7. Call me back',
  'screen.deposit.askAmount': 'Deposit from M-Pesa\nEnter amount ({currency}):',
  'screen.deposit.confirm': 'Deposit {amount} from M-Pesa {phone}?\n1. Confirm\n2. Cancel',
  'screen.deposit.requested': 'You will receive an M-Pesa prompt to approve {amount}.',
  'screen.withdraw.askAmount': 'Withdraw to M-Pesa\nEnter amount ({currency}):',
  'screen.withdraw.askPin': 'Enter your PIN to withdraw {amount}:',
  'screen.withdraw.confirm': 'Withdraw {amount} to M-Pesa {phone}?\n1. Confirm\n2. Cancel',
  'screen.withdraw.done': '{amount} is on its way to your M-Pesa. New balance: {balance}.',
  'screen.send.askRecipient': "Send money\nEnter the recipient's phone number:",
  'screen.send.askAmount': 'Enter amount to send to {typedPhone}:',
  'screen.send.askPin': 'Enter your PIN to send {amount} to {typedPhone}:',
  'screen.send.confirm': 'Send {amount} to {recipientName} ({recipientPhone})?\n1. Confirm\n2. Cancel',
  'screen.send.done': 'Sent {amount} to {recipientName}. New balance: {balance}.',
  'screen.airtime.chooseFor': 'Buy airtime\n1. My number\n2. Another number\n{back}. Back',
  'screen.airtime.askPhone': 'Enter the phone number for the airtime:',
  'screen.airtime.askAmount': 'Enter airtime amount ({min} - {max}):',
  'screen.airtime.askPin': 'Enter your PIN to buy {amount} airtime:',
  'screen.airtime.confirm': 'Buy {amount} airtime for {airtimeFor}?\n1. Confirm\n2. Cancel',
  'screen.airtime.done': 'Airtime of {amount} for {airtimeFor} is on its way. New balance: {balance}.',
  'screen.account.statement.askPin': 'Enter your PIN to see your mini-statement:',
  'screen.account.statement.show': 'Mini-statement\n{statement}\n{back}. Back {home}. Main menu',
  'screen.loans.menu': 'Loans\n1. Apply for a loan\n2. Repay a loan\n3. Loan status\n{back}. Back',
  'screen.loans.askAmount': 'You can borrow up to {loanLimit}.\nEnter amount:',
  'screen.loans.askTerm': 'Repay within:\n{loanTermOptions}\n{back}. Back',
  'screen.loans.summary':
    'Borrow {amount} for {termDays} days\nFee: {loanFee}\nRepay {loanTotal} by {loanDue}\n1. Confirm\n2. Cancel',
  'screen.loans.askPin': 'Enter your PIN to borrow {amount}:',
  'screen.loans.disbursed': '{amount} is in your account. Repay {loanTotal} by {loanDue}.',
  'screen.loans.chooseSource': 'You owe {outstanding}.\n1. Pay from my account\n2. Pay with M-Pesa\n{back}. Back',
  'screen.loans.askRepayAmount': 'You owe {outstanding}.\nEnter amount to pay:',
  'screen.loans.askRepayPin': 'Enter your PIN to pay {amount}:',
  'screen.loans.repaid': 'Paid {amount}. Still owed: {outstanding}.',
  'screen.loans.confirmMpesa': 'Pay {amount} with M-Pesa {phone}?\n1. Confirm\n2. Cancel',
  'screen.loans.repaymentRequested': 'You will receive an M-Pesa prompt to pay {amount}.',
  'screen.loans.status':
    'Loan status\nPrincipal: {principal}\nFee: {loanFee}{loanLateFee}\nPaid: {loanPaid}\nOwed: {outstanding}\n{loanState}\n{back}. Back {home}. Main menu',
  'screen.callMe.requested': 'We will call you shortly.',
  'screen.callMe.alreadyRequested': 'You asked for a call a moment ago. We will call you shortly.',
  'screen.account.menu':
    'My account\n1. Balance\n2. Mini-statement\n3. Change PIN\n4. Change language\n{back}. Back {home}. Main menu',
  'screen.account.balance.askPin': 'Enter your PIN to see your balance:',
  'screen.account.balance.show': 'Your balance is {balance}.\n{back}. Back {home}. Main menu',
  'screen.account.changePin.askCurrent': 'Enter your current PIN:',
  'screen.account.changePin.askNew': 'Enter your new 4-digit PIN:',
  'screen.account.changePin.confirmNew': 'Enter the new PIN again:',
  'screen.account.changePin.done': 'Your PIN has been changed.\n{back}. Back {home}. Main menu',
  'screen.account.language.choose': 'Choose your language:\n1. English\n2. Kiswahili\n{back}. Back',
  'screen.account.language.done': 'Your language is now English.\n{back}. Back {home}. Main menu',
  'screen.loans.confirmWallet': 'Pay {amount} to your loan from your account?\n1. Confirm\n2. Cancel',

  // Savings held for loans, loan eligibility, the PIN reset
  'error.heldForLoan': 'Part of your savings is held for your loan.',
  'error.noLoanYet': 'You have no loan.',
  'statement.loan': 'Loan',
  'statement.loanRepay': 'Loan repaid',
  'statement.loanRecovery': 'Loan recovery',
  'notice.pinChanged': 'Your PIN has been changed.',
  'screen.account.balance.showHeld':
    'Your balance is {balance}.\nHeld for your loan: {held}\nAvailable: {available}\n{back}. Back {home}. Main menu',
  'screen.loans.tooNew': 'Loans\nYou can borrow after {loanWaitDays} more days.\n{back}. Back {home}. Main menu',
  'screen.loans.noSavings':
    'Loans\nSave {loanSaveMore} more, kept for 30 days, to borrow {loanBorrow}.\n{back}. Back {home}. Main menu',
  'screen.pinReset.askPin': 'Your PIN was reset. Enter the one-time PIN from our SMS:',
  'screen.pinReset.choosePin': 'Choose your new 4-digit PIN:',
  'screen.pinReset.confirmPin': 'Enter the new PIN again:',
} as const;

export type MessageKey = keyof typeof en;
