import type { Language, SmsTemplate } from '@sacco/bank';

/**
 * SMS texts, per template and language. An SMS of 160 GSM-7 characters is one part; these
 * stay within it with realistic values (a test checks), and within GSM-7 (another does).
 */
export const smsCatalogs: Readonly<Record<Language, Readonly<Record<SmsTemplate, string>>>> = {
  en: {
    welcome: 'Welcome {name}! You are registered. Dial {serviceCode} to save, send and borrow.',
    'deposit-succeeded': 'Deposit of {amount} received (M-Pesa {receipt}). New balance: {balance}.',
    'deposit-failed': 'Your deposit of {amount} was not completed: {reason}. No money was taken.',
    'withdrawal-succeeded': '{amount} has been sent to your M-Pesa. Balance: {balance}.',
    'withdrawal-failed': 'Your withdrawal of {amount} failed and was returned to your account. Balance: {balance}.',
    'transfer-sent': 'You sent {amount} to {name}. New balance: {balance}.',
    'transfer-received': 'You received {amount} from {name}. New balance: {balance}.',
    'airtime-sent': 'Airtime of {amount} was sent to {phone}. Balance: {balance}.',
    'airtime-failed': 'Airtime of {amount} for {phone} failed and was refunded. Balance: {balance}.',
    'loan-disbursed': 'Your loan of {amount} is in your account. Fee {fee}. Repay {total} by {due}.',
    'loan-repayment': 'Loan repayment of {amount} received. Outstanding: {outstanding}.',
    'loan-repaid': 'Loan repayment of {amount} received. Your loan is fully repaid. Thank you!',
    'loan-reminder': 'Reminder: your loan of {outstanding} is due on {due}. Dial {serviceCode} to repay.',
    'loan-overdue': 'Your loan is overdue: a late fee of {fee} was added. Outstanding: {outstanding}.',
    'loan-recovered': '{amount} was taken from your savings to repay your overdue loan. Outstanding: {outstanding}.',
    'pin-reset': 'Your one-time PIN is {pin}. It works for {minutes} min. Dial {serviceCode} and choose a new PIN.',
    'pin-changed': 'Your PIN was changed. If this was not you, call {supportPhone} now.',
    'pin-locked':
      'Your account was locked after wrong PINs for {minutes} min. If this was not you, call {supportPhone}.',
    'correction-credit':
      'Correction: {amount} was added to your account after a check of your payments. Balance: {balance}. Help: {supportPhone}',
    'correction-debit':
      'Correction: {amount} was taken from your account after a check of your payments. Balance: {balance}. Help: {supportPhone}',
  },
  sw: {
    welcome: 'Karibu {name}! Umesajiliwa. Piga {serviceCode} kuweka akiba, kutuma na kukopa.',
    'deposit-succeeded': 'Umeweka {amount} (M-Pesa {receipt}). Salio jipya: {balance}.',
    'deposit-failed': 'Kuweka {amount} hakukukamilika: {reason}. Hakuna pesa iliyochukuliwa.',
    'withdrawal-succeeded': '{amount} imetumwa kwa M-Pesa yako. Salio: {balance}.',
    'withdrawal-failed': 'Kutoa {amount} kumeshindikana na pesa imerudishwa. Salio: {balance}.',
    'transfer-sent': 'Umetuma {amount} kwa {name}. Salio jipya: {balance}.',
    'transfer-received': 'Umepokea {amount} kutoka kwa {name}. Salio jipya: {balance}.',
    'airtime-sent': 'Airtime ya {amount} imetumwa kwa {phone}. Salio: {balance}.',
    'airtime-failed': 'Airtime ya {amount} kwa {phone} imeshindikana na pesa imerudishwa. Salio: {balance}.',
    'loan-disbursed': 'Mkopo wako wa {amount} uko kwenye akaunti. Ada {fee}. Lipa {total} kabla ya {due}.',
    'loan-repayment': 'Malipo ya mkopo ya {amount} yamepokelewa. Deni: {outstanding}.',
    'loan-repaid': 'Malipo ya mkopo ya {amount} yamepokelewa. Mkopo wako umelipwa wote. Asante!',
    'loan-reminder': 'Kumbusho: mkopo wako wa {outstanding} unadaiwa tarehe {due}. Piga {serviceCode} kulipa.',
    'loan-overdue': 'Mkopo wako umepitwa na muda: ada ya {fee} imeongezwa. Deni: {outstanding}.',
    'loan-recovered': '{amount} imechukuliwa kutoka akiba yako kulipa mkopo uliopitwa na muda. Deni: {outstanding}.',
    'pin-reset': 'PIN yako ya mara moja ni {pin}. Inafanya kazi dakika {minutes}. Piga {serviceCode} uchague PIN mpya.',
    'pin-changed': 'PIN yako imebadilishwa. Kama si wewe, piga {supportPhone} sasa.',
    'pin-locked': 'Akaunti yako imefungwa dakika {minutes} kwa PIN zisizo sahihi. Kama si wewe, piga {supportPhone}.',
    'correction-credit':
      'Marekebisho: {amount} imeongezwa kwenye akaunti yako baada ya ukaguzi wa malipo. Salio: {balance}. Msaada: {supportPhone}',
    'correction-debit':
      'Marekebisho: {amount} imetolewa kwenye akaunti yako baada ya ukaguzi wa malipo. Salio: {balance}. Msaada: {supportPhone}',
  },
};
