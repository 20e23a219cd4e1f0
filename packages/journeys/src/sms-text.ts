import { formatMoney, type SmsNotification } from '@sacco/bank';
import { fillTemplate, toGsm7 } from '@sacco/ussd';
import { smsCatalogs } from './messages/sms.js';

// Parameters that carry minor units; they are shown as money in the notification's currency.
const MONEY_PARAMS = new Set(['amount', 'balance', 'fee', 'total', 'outstanding']);

/** The text of an SMS the bank queued, in the member's language, within GSM-7. */
export function smsText(sms: SmsNotification, serviceCode: string): string {
  const currency = sms.params.currency ?? '';
  const params: Record<string, string> = { serviceCode };
  for (const [name, value] of Object.entries(sms.params)) {
    params[name] =
      MONEY_PARAMS.has(name) && /^-?\d+$/.test(value) ? formatMoney(BigInt(value), currency) : toGsm7(value);
  }
  return fillTemplate(smsCatalogs[sms.language][sms.template], params);
}
