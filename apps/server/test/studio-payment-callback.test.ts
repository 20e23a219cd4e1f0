import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { studioPublicDir } from '@sacco/studio';
import { describe, expect, it } from 'vitest';

interface CallbackDelivery {
  readonly url: string;
  readonly body: unknown;
  readonly subject?: { kind: string; providerRequestId: string; phone: string; amount: number };
}
// The studio's page module, plain JavaScript served as it is: loaded here as the browser loads it.
const { readPaymentCallback } = (await import(pathToFileURL(join(studioPublicDir, 'payment-callback.js')).href)) as {
  readPaymentCallback(delivery: CallbackDelivery): Record<string, unknown>;
};

const stkFailure = {
  Body: {
    stkCallback: {
      MerchantRequestID: '29115-34620561-1',
      CheckoutRequestID: 'ws_CO_191220191020363925',
      ResultCode: 1032,
      ResultDesc: 'Request cancelled by user',
    },
  },
};

describe("the gateway panel's reading of a payment callback", () => {
  it('names the amount and phone of a declined prompt from the request it answers', () => {
    const read = readPaymentCallback({
      url: 'http://127.0.0.1:3000/payments/mpesa/stk-result?token=t',
      body: stkFailure,
      subject: { kind: 'deposit', providerRequestId: 'ws_CO_191220191020363925', phone: '254744000111', amount: 300 },
    });
    expect(read).toEqual({
      route: 'M-Pesa prompt result',
      code: 1032,
      description: 'Request cancelled by user',
      amount: 300,
      receipt: undefined,
      phone: '254744000111',
    });
  });

  it("prefers what the body says over the request's facts", () => {
    const body = {
      Body: {
        stkCallback: {
          ...stkFailure.Body.stkCallback,
          ResultCode: 0,
          ResultDesc: 'The service request is processed successfully.',
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 299 },
              { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
              { Name: 'PhoneNumber', Value: 254744000112 },
            ],
          },
        },
      },
    };
    const read = readPaymentCallback({
      url: '/payments/mpesa/stk-result',
      body,
      subject: { kind: 'deposit', providerRequestId: 'x', phone: '254744000111', amount: 300 },
    });
    expect(read).toMatchObject({ code: 0, amount: 299, receipt: 'NLJ7RT61SV', phone: 254744000112 });
  });

  it('reads a body it cannot parse as such, without inventing a result', () => {
    expect(readPaymentCallback({ url: '/payments/mpesa/b2c-result', body: { nonsense: true } })).toEqual({
      route: 'Payout result',
      code: undefined,
      description: 'a body the panel cannot read',
      amount: undefined,
      phone: undefined,
    });
  });
});
