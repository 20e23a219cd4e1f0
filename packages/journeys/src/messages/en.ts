/**
 * English screens. Placeholders in braces are filled at render time; `{back}`, `{home}` and
 * `{more}` are the configured navigation keys. Every string must stay within GSM-7 (a test
 * checks), and every screen within the budget in both languages (another test checks).
 */
export const en = {
  // Engine messages
  'system.sorry': 'Sorry, something went wrong. Please try again later.',
  'system.busy': 'We are busy right now. Please try again in a moment.',
  'system.rateLimited': 'Too many requests. Please wait a minute and dial again.',
  'system.restarted': 'The menu was updated, so we started again.',
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

  // Notices shown once above the next screen
  'notice.registered': 'Registration complete!',

  // Screens
  'screen.failure': 'Sorry, something went wrong. Please try again later.',
  'screen.locked':
    'Your account is locked after too many wrong PINs. Try again in {lockedMinutes} min or call {supportPhone}.',
  'screen.lockedOut':
    'Too many wrong PINs. Your account is locked for {lockMinutes} min. For help call {supportPhone}.',
  'screen.registration.askName': 'Welcome! To register, enter your full name:',
  'screen.registration.askCity': 'Enter your city or town:\n{back}. Back',
  'screen.registration.askLanguage': 'Choose your language:\n1. English\n2. Kiswahili\n{back}. Back',
  'screen.registration.choosePin': 'Choose a 4-digit PIN:',
  'screen.registration.confirmPin': 'Enter the same PIN again:',
  'screen.registration.alreadyRegistered': 'This number is already registered. Please dial again.',
  'screen.mainMenu':
    'Welcome, {name}\n1. Deposit\n2. Withdraw\n3. Send money\n4. Buy airtime\n5. Loans\n6. My account\n7. Call me back',
  'screen.unavailable': 'This service is not available yet. Please try again later.',
  'screen.account.menu': 'My account\n1. Balance\n2. Change PIN\n3. Change language\n{back}. Back {home}. Main menu',
  'screen.account.balance.askPin': 'Enter your PIN to see your balance:',
  'screen.account.balance.show': 'Your balance is {balance}.\n{back}. Back {home}. Main menu',
  'screen.account.changePin.askCurrent': 'Enter your current PIN:',
  'screen.account.changePin.askNew': 'Enter your new 4-digit PIN:',
  'screen.account.changePin.confirmNew': 'Enter the new PIN again:',
  'screen.account.changePin.done': 'Your PIN has been changed.\n{back}. Back {home}. Main menu',
  'screen.account.language.choose': 'Choose your language:\n1. English\n2. Kiswahili\n{back}. Back',
  'screen.account.language.done': 'Your language is now English.\n{back}. Back {home}. Main menu',
} as const;

export type MessageKey = keyof typeof en;
