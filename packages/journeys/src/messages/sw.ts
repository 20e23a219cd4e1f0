import type { MessageKey } from './en.js';

/** Kiswahili screens: the same keys as English, checked by the type system. */
export const sw = {
  'system.sorry': 'Samahani, hitilafu imetokea. Tafadhali jaribu tena baadaye.',
  'system.busy': 'Tuna shughuli nyingi sasa. Tafadhali jaribu tena baada ya muda mfupi.',
  'system.rateLimited': 'Maombi mengi mno. Subiri dakika moja kisha piga tena.',
  'system.restarted': 'Menyu imesasishwa, kwa hivyo tumeanza upya.',
  'system.more': '{more}. Zaidi',
  'system.back': '{back}. Rudi',

  'error.invalidChoice': 'Chaguo si sahihi. Jaribu tena.',
  'error.noBack': 'Hakuna skrini ya nyuma.',
  'error.nameInvalid': "Tumia herufi 2-40, nafasi, ' au -.",
  'error.cityInvalid': "Tumia herufi 2-30, nafasi, ' au -.",
  'error.pinFormat': 'PIN ni tarakimu 4 kamili.',
  'error.pinTrivial': 'PIN hiyo ni rahisi mno kukisia.',
  'error.pinMismatch': 'PIN hazilingani. Anza tena.',
  'error.pinWrong': 'PIN si sahihi. Majaribio yaliyobaki: {attemptsLeft}.',

  'notice.registered': 'Usajili umekamilika!',

  'screen.failure': 'Samahani, hitilafu imetokea. Tafadhali jaribu tena baadaye.',
  'screen.locked':
    'Akaunti yako imefungwa kwa sababu ya PIN zisizo sahihi. Jaribu tena baada ya dakika {lockedMinutes} au piga {supportPhone}.',
  'screen.lockedOut':
    'PIN zisizo sahihi mara nyingi. Akaunti yako imefungwa kwa dakika {lockMinutes}. Kwa msaada piga {supportPhone}.',
  'screen.registration.askName': 'Karibu! Ili kujisajili, weka jina lako kamili:',
  'screen.registration.askCity': 'Weka jina la mji wako:\n{back}. Rudi',
  'screen.registration.askLanguage': 'Chagua lugha:\n1. English\n2. Kiswahili\n{back}. Rudi',
  'screen.registration.choosePin': 'Chagua PIN ya tarakimu 4:',
  'screen.registration.confirmPin': 'Weka PIN hiyo tena:',
  'screen.registration.alreadyRegistered': 'Nambari hii tayari imesajiliwa. Tafadhali piga tena.',
  'screen.mainMenu':
    'Karibu, {name}\n1. Weka pesa\n2. Toa pesa\n3. Tuma pesa\n4. Nunua airtime\n5. Mikopo\n6. Akaunti yangu\n7. Nipigie simu',
  'screen.unavailable': 'Huduma hii bado haipatikani. Tafadhali jaribu tena baadaye.',
  'screen.account.menu':
    'Akaunti yangu\n1. Salio\n2. Badilisha PIN\n3. Badilisha lugha\n{back}. Rudi {home}. Menyu kuu',
  'screen.account.balance.askPin': 'Weka PIN yako kuona salio:',
  'screen.account.balance.show': 'Salio lako ni {balance}.\n{back}. Rudi {home}. Menyu kuu',
  'screen.account.changePin.askCurrent': 'Weka PIN yako ya sasa:',
  'screen.account.changePin.askNew': 'Weka PIN mpya ya tarakimu 4:',
  'screen.account.changePin.confirmNew': 'Weka PIN mpya tena:',
  'screen.account.changePin.done': 'PIN yako imebadilishwa.\n{back}. Rudi {home}. Menyu kuu',
  'screen.account.language.choose': 'Chagua lugha:\n1. English\n2. Kiswahili\n{back}. Rudi',
  'screen.account.language.done': 'Lugha yako sasa ni Kiswahili.\n{back}. Rudi {home}. Menyu kuu',
} as const satisfies Record<MessageKey, string>;
