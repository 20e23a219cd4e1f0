import type { SmsTemplate } from '@sacco/bank';
import { isGsm7, placeholdersOf } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './messages/catalog.js';
import { smsCatalogs } from './messages/sms.js';
import { smsText } from './sms-text.js';

const realistic = {
  name: 'Wanjiku Kamau',
  amount: '15000000',
  balance: '99999999',
  currency: 'KES',
  receipt: 'QK12ABCD34',
  reason: 'Request cancelled by user',
  phone: '+254712345678',
  fee: '1500000',
  total: '16500000',
  outstanding: '16500000',
  due: '2026-12-28',
  pin: '4821',
  minutes: '30',
  supportPhone: '0800 720 720',
};

describe('SMS texts', () => {
  it.each(LANGUAGES)('fit one GSM-7 part in %s', (language) => {
    for (const template of Object.keys(smsCatalogs.en) as SmsTemplate[]) {
      const text = smsText({ to: '+254712345678', language, template, params: realistic }, '*384*303#');
      expect(isGsm7(text), template).toBe(true);
      expect(text.length, `${template}: ${text}`).toBeLessThanOrEqual(160);
      expect(text, template).not.toMatch(/\{\w+\}/);
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const template of Object.keys(smsCatalogs.en) as SmsTemplate[]) {
      expect(placeholdersOf(smsCatalogs.sw[template]).sort(), template).toEqual(
        placeholdersOf(smsCatalogs.en[template]).sort(),
      );
    }
  });

  it('shows amounts as money and keeps names within GSM-7', () => {
    const text = smsText(
      { to: '+254712345678', language: 'en', template: 'transfer-received', params: { ...realistic, name: 'Zoë “Z”' } },
      '*384*303#',
    );
    expect(text).toBe('You received KES 150,000.00 from Zoe "Z". New balance: KES 999,999.99.');
  });
});
