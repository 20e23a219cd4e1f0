import { PermanentGatewayError } from '../ports.js';

// M-Pesa Kenya: 254 and nine digits (07xx and 01xx numbers alike).
const KENYAN_E164 = /^\+254\d{9}$/;
const KENYAN_MSISDN = /^254\d{9}$/;

/** Our E.164 `+2547...` as Daraja writes it (`2547...`); refuses numbers M-Pesa cannot reach. */
export function toDarajaMsisdn(phone: string): string {
  if (!KENYAN_E164.test(phone)) {
    throw new PermanentGatewayError(`M-Pesa cannot reach ${phone}: not a Kenyan number in E.164`, 'InvalidPhoneNumber');
  }
  return phone.slice(1);
}

/**
 * A phone number from a Daraja callback (a JSON number or a string) in E.164, or undefined
 * when it is not a whole `254...` number (Safaricom masks numbers in some callbacks).
 */
export function fromDarajaMsisdn(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && KENYAN_MSISDN.test(text) ? `+${text}` : undefined;
}
