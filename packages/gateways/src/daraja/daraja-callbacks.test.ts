import { describe, expect, it } from 'vitest';
import { MalformedCallbackError } from '../malformed-callback.error.js';
import {
  parseB2cResult,
  parseB2cTimeout,
  parseStkCallback,
  parseTransactionStatusResult,
  parseTransactionStatusTimeout,
} from './daraja-callbacks.js';

// Samples from Safaricom's M-Pesa Express and B2C documentation (see docs/gateways.md).
const stkSuccess = {
  Body: {
    stkCallback: {
      MerchantRequestID: '29115-34620561-1',
      CheckoutRequestID: 'ws_CO_191220191020363925',
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      CallbackMetadata: {
        Item: [
          { Name: 'Amount', Value: 1.0 },
          { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
          { Name: 'TransactionDate', Value: 20191219102115 },
          { Name: 'PhoneNumber', Value: 254708374149 },
        ],
      },
    },
  },
};

const stkCancelled = {
  Body: {
    stkCallback: {
      MerchantRequestID: 'f1e2-4b95-a71d-b30d3cdbb7a7942864',
      CheckoutRequestID: 'ws_CO_21072024125243250722943992',
      ResultCode: 1032,
      ResultDesc: 'Request cancelled by user',
    },
  },
};

const b2cSuccess = {
  Result: {
    ResultType: 0,
    ResultCode: 0,
    ResultDesc: 'The service request is processed successfully.',
    OriginatorConversationID: '19455-424535-1',
    ConversationID: 'AG_20170717_00006be9c8b5cc46abb6',
    TransactionID: 'LGH3197RIB',
    ResultParameters: {
      ResultParameter: [
        { Key: 'TransactionReceipt', Value: 'LGH3197RIB' },
        { Key: 'TransactionAmount', Value: 8000 },
        { Key: 'B2CWorkingAccountAvailableFunds', Value: 150000 },
        { Key: 'B2CUtilityAccountAvailableFunds', Value: 133568 },
        { Key: 'TransactionCompletedDateTime', Value: '17.07.2017 10:54:57' },
        { Key: 'ReceiverPartyPublicName', Value: '254708374149 - John Doe' },
        { Key: 'B2CChargesPaidAccountAvailableFunds', Value: 0 },
        { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
      ],
    },
    ReferenceData: {
      ReferenceItem: {
        Key: 'QueueTimeoutURL',
        Value: 'https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit',
      },
    },
  },
};

const b2cInitiatorInvalid = {
  Result: {
    ResultType: 0,
    ResultCode: 2001,
    ResultDesc: 'The initiator information is invalid.',
    OriginatorConversationID: '68e22406-b710-4500-9228-227df8bde0d9',
    ConversationID: 'AG_20240920_20701938ce1a7d583cec',
    TransactionID: 'SIK0000000',
    ReferenceData: {
      ReferenceItem: { Key: 'QueueTimeoutURL', Value: 'http://internalapi.safaricom.co.ke/mpesa/b2cresults/v1/submit' },
    },
  },
};

const stkWith = (resultCode: number, resultDesc: string) => ({
  Body: { stkCallback: { ...stkCancelled.Body.stkCallback, ResultCode: resultCode, ResultDesc: resultDesc } },
});

const stkWithItems = (items: unknown[]) => ({
  Body: { stkCallback: { ...stkSuccess.Body.stkCallback, CallbackMetadata: { Item: items } } },
});

describe('parseStkCallback', () => {
  it('reads a payment: amount in minor units, receipt and phone in E.164', () => {
    expect(parseStkCallback(stkSuccess)).toEqual({
      kind: 'deposit',
      providerRequestId: 'ws_CO_191220191020363925',
      originatorId: undefined,
      succeeded: true,
      resultCode: '0',
      resultDescription: 'The service request is processed successfully.',
      amountMinor: 100n,
      receipt: 'NLJ7RT61SV',
      phone: '+254708374149',
    });
  });

  it('tolerates the valueless Balance item of older callbacks', () => {
    const body = stkWithItems([
      { Name: 'Amount', Value: 1500 },
      { Name: 'MpesaReceiptNumber', Value: 'QKH94M1Z11' },
      { Name: 'Balance' },
      { Name: 'TransactionDate', Value: 20221117155745 },
      { Name: 'PhoneNumber', Value: 254796440427 },
    ]);
    expect(parseStkCallback(body)).toMatchObject({ succeeded: true, amountMinor: 150_000n, receipt: 'QKH94M1Z11' });
  });

  it('reads decimal amounts exactly, as numbers or strings', () => {
    const amountOf = (value: unknown) =>
      parseStkCallback(
        stkWithItems([
          { Name: 'Amount', Value: value },
          { Name: 'MpesaReceiptNumber', Value: 'X1' },
        ]),
      ).amountMinor;
    expect(amountOf(0.29)).toBe(29n);
    expect(amountOf(1234567.89)).toBe(123_456_789n);
    expect(amountOf('100.50')).toBe(10_050n);
    expect(amountOf('10.000')).toBe(1_000n);
  });

  it('leaves the phone out when Safaricom masks it', () => {
    const body = stkWithItems([
      { Name: 'Amount', Value: 1 },
      { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
      { Name: 'PhoneNumber', Value: '2547*****149' },
    ]);
    expect(parseStkCallback(body).phone).toBeUndefined();
  });

  it.each([
    [1032, 'Request cancelled by user'],
    [1037, 'DS timeout user cannot be reached'],
    [1, 'The balance is insufficient for the transaction.'],
    [2001, 'The initiator information is invalid.'],
  ])('reports result code %i as a failure', (code, description) => {
    expect(parseStkCallback(stkWith(code, description))).toEqual({
      kind: 'deposit',
      providerRequestId: 'ws_CO_21072024125243250722943992',
      originatorId: undefined,
      succeeded: false,
      resultCode: String(code),
      resultDescription: description,
      amountMinor: undefined,
      receipt: undefined,
      phone: undefined,
    });
  });

  it('accepts a result code sent as a string', () => {
    expect(parseStkCallback(stkWith('1032' as unknown as number, 'x')).resultCode).toBe('1032');
  });

  it.each([
    ['not an object', 'ok'],
    ['no Body', { stkCallback: stkCancelled.Body.stkCallback }],
    [
      'no CheckoutRequestID',
      { Body: { stkCallback: { ...stkCancelled.Body.stkCallback, CheckoutRequestID: undefined } } },
    ],
    ['a ResultCode that is no code', { Body: { stkCallback: { ...stkCancelled.Body.stkCallback, ResultCode: 1.5 } } }],
    [
      'a success without metadata',
      { Body: { stkCallback: { ...stkSuccess.Body.stkCallback, CallbackMetadata: undefined } } },
    ],
    ['a success without receipt', stkWithItems([{ Name: 'Amount', Value: 1 }])],
    [
      'an amount with 3 decimals',
      stkWithItems([
        { Name: 'Amount', Value: 1.005 },
        { Name: 'MpesaReceiptNumber', Value: 'X' },
      ]),
    ],
    [
      'a negative amount',
      stkWithItems([
        { Name: 'Amount', Value: -1 },
        { Name: 'MpesaReceiptNumber', Value: 'X' },
      ]),
    ],
    [
      'an amount in exponent form',
      stkWithItems([
        { Name: 'Amount', Value: 1e21 },
        { Name: 'MpesaReceiptNumber', Value: 'X' },
      ]),
    ],
    [
      'items that are not an array',
      { Body: { stkCallback: { ...stkSuccess.Body.stkCallback, CallbackMetadata: { Item: {} } } } },
    ],
  ])('refuses %s', (_, body) => {
    expect(() => parseStkCallback(body)).toThrow(MalformedCallbackError);
  });

  it('names the path of the problem', () => {
    expect(() => parseStkCallback(stkWithItems([{ Name: 'MpesaReceiptNumber', Value: 'X' }]))).toThrow(
      /Body\.stkCallback\.CallbackMetadata\.Amount/,
    );
  });
});

describe('parseB2cResult', () => {
  it('reads a payout: amount, receipt, phone from the public name, our originator id', () => {
    expect(parseB2cResult(b2cSuccess)).toEqual({
      kind: 'payout',
      providerRequestId: 'AG_20170717_00006be9c8b5cc46abb6',
      originatorId: '19455-424535-1',
      succeeded: true,
      resultCode: '0',
      resultDescription: 'The service request is processed successfully.',
      amountMinor: 800_000n,
      receipt: 'LGH3197RIB',
      phone: '+254708374149',
    });
  });

  it('reports a failure code with its text', () => {
    expect(parseB2cResult(b2cInitiatorInvalid)).toEqual({
      kind: 'payout',
      providerRequestId: 'AG_20240920_20701938ce1a7d583cec',
      originatorId: '68e22406-b710-4500-9228-227df8bde0d9',
      succeeded: false,
      resultCode: '2001',
      resultDescription: 'The initiator information is invalid.',
      amountMinor: undefined,
      receipt: undefined,
      phone: undefined,
    });
  });

  it('accepts a lone parameter sent as an object, and falls back to TransactionID for the receipt', () => {
    const body = {
      Result: { ...b2cSuccess.Result, ResultParameters: { ResultParameter: { Key: 'TransactionAmount', Value: 10 } } },
    };
    expect(parseB2cResult(body)).toMatchObject({ amountMinor: 1_000n, receipt: 'LGH3197RIB', phone: undefined });
  });

  it.each([
    ['no Result', { result: b2cSuccess.Result }],
    ['no ConversationID', { Result: { ...b2cSuccess.Result, ConversationID: '' } }],
    ['no OriginatorConversationID', { Result: { ...b2cSuccess.Result, OriginatorConversationID: undefined } }],
    ['a success without parameters', { Result: { ...b2cSuccess.Result, ResultParameters: undefined } }],
    [
      'a success without amount',
      {
        Result: {
          ...b2cSuccess.Result,
          ResultParameters: { ResultParameter: [{ Key: 'TransactionReceipt', Value: 'X' }] },
        },
      },
    ],
  ])('refuses %s', (_, body) => {
    expect(() => parseB2cResult(body)).toThrow(MalformedCallbackError);
  });
});

describe('parseB2cTimeout', () => {
  it('reports the queue timeout as not succeeded', () => {
    const body = {
      Result: {
        ResultType: 1,
        ResultCode: 1,
        ResultDesc: 'The service request has timed out.',
        OriginatorConversationID: '29115-34620561-1',
        ConversationID: 'AG_20191219_00005797af5d7d75f652',
      },
    };
    expect(parseB2cTimeout(body)).toEqual({
      kind: 'payout',
      providerRequestId: 'AG_20191219_00005797af5d7d75f652',
      originatorId: '29115-34620561-1',
      succeeded: false,
      resultCode: '1',
      resultDescription: 'The service request has timed out.',
      amountMinor: undefined,
      receipt: undefined,
      phone: undefined,
    });
  });

  it('fills in a code and text when the notice has none', () => {
    const body = { Result: { OriginatorConversationID: 'key-1', ConversationID: 'AG_1' } };
    expect(parseB2cTimeout(body)).toMatchObject({
      succeeded: false,
      resultCode: 'QueueTimeout',
      resultDescription: 'The service request has timed out.',
    });
  });

  it('never reads a timeout as a payout made, even with code 0', () => {
    expect(parseB2cTimeout(b2cSuccess)).toMatchObject({ succeeded: false, amountMinor: undefined });
  });

  it('refuses a body without ids', () => {
    expect(() => parseB2cTimeout({ Result: { ResultCode: 1 } })).toThrow(MalformedCallbackError);
    expect(() => parseB2cTimeout([])).toThrow(MalformedCallbackError);
  });
});

// Safaricom's Transaction Status callback sample, with CreditPartyName as integrations see it.
const statusCompleted = () => ({
  Result: {
    ConversationID: 'AG_20180223_0000493344ae97d86f75',
    OriginatorConversationID: 'query-3213-416199-2',
    ReferenceData: { ReferenceItem: { Key: 'Occasion' } },
    ResultCode: 0,
    ResultDesc: 'The service request is processed successfully.',
    ResultParameters: {
      ResultParameter: [
        { Key: 'DebitPartyName', Value: '600310 - Safaricom333' },
        { Key: 'CreditPartyName', Value: '254708374149 - John Doe' },
        { Key: 'OriginatorConversationID', Value: '3211-416020-3' },
        { Key: 'InitiatedTime', Value: '20180223054112' },
        { Key: 'DebitAccountType', Value: 'Utility Account' },
        { Key: 'DebitPartyCharges', Value: 'Fee For B2C Payment|KES|22.40' },
        { Key: 'TransactionReason' },
        { Key: 'ReasonType', Value: 'Business Payment to Customer via API' },
        { Key: 'TransactionStatus', Value: 'Completed' },
        { Key: 'FinalisedTime', Value: '20180223054112' },
        { Key: 'Amount', Value: '300' },
        { Key: 'ConversationID', Value: 'AG_20180223_000041b09c22e613d6c9' },
        { Key: 'ReceiptNo', Value: 'MBN31H462N' },
      ],
    },
    ResultType: 0,
    TransactionID: 'MBN0000000',
  },
});

const withStatus = (status: string, drop: readonly string[] = []) => {
  const body = statusCompleted();
  body.Result.ResultParameters.ResultParameter = body.Result.ResultParameters.ResultParameter.filter(
    (parameter) => !drop.includes(parameter.Key),
  ).map((parameter) => (parameter.Key === 'TransactionStatus' ? { ...parameter, Value: status } : parameter));
  return body;
};

describe('parseTransactionStatusResult', () => {
  it('reads a completed transaction: receipt, amount in minor units, credit party phone, our query id', () => {
    expect(parseTransactionStatusResult(statusCompleted())).toEqual({
      queryId: 'query-3213-416199-2',
      conversationId: 'AG_20180223_0000493344ae97d86f75',
      state: 'found',
      succeeded: true,
      resultCode: '0',
      description: 'The service request is processed successfully.',
      receipt: 'MBN31H462N',
      amountMinor: 30_000n,
      phone: '+254708374149',
    });
  });

  it('reads a declined or failed transaction as found, not succeeded', () => {
    for (const status of ['Declined', 'Failed', 'Cancelled']) {
      expect(parseTransactionStatusResult(withStatus(status, ['ReceiptNo']))).toMatchObject({
        state: 'found',
        succeeded: false,
        receipt: undefined,
        amountMinor: 30_000n,
      });
    }
  });

  it('reads a status that is not final yet as timeout (ask again), never as a failure', () => {
    expect(parseTransactionStatusResult(withStatus('Pending', ['ReceiptNo']))).toMatchObject({
      state: 'timeout',
      succeeded: false,
    });
  });

  it('reads a non-zero ResultCode as absent only when it says not found; a refused or unknown one as timeout', () => {
    const notFound = {
      Result: {
        ResultType: 0,
        ResultCode: 1,
        ResultDesc: 'The transaction could not be found.',
        OriginatorConversationID: 'query-1',
        ConversationID: 'AG_20260116_00001',
      },
    };
    expect(parseTransactionStatusResult(notFound)).toMatchObject({
      state: 'absent',
      succeeded: false,
      resultCode: '1',
    });
    const refused = {
      Result: { ...notFound.Result, ResultCode: 2001, ResultDesc: 'The initiator information is invalid.' },
    };
    expect(parseTransactionStatusResult(refused)).toMatchObject({ state: 'timeout', resultCode: '2001' });
    // A code Safaricom publishes no meaning for is asked again: a payout is never failed on a guess.
    const busy = { Result: { ...notFound.Result, ResultCode: 17, ResultDesc: 'System busy. Try again later.' } };
    expect(parseTransactionStatusResult(busy)).toMatchObject({ state: 'timeout', resultCode: '17' });
  });

  it('requires receipt and amount for a completed transaction, and TransactionStatus when found', () => {
    expect(() => parseTransactionStatusResult(withStatus('Completed', ['ReceiptNo']))).toThrow(MalformedCallbackError);
    expect(() => parseTransactionStatusResult(withStatus('Completed', ['Amount']))).toThrow(/Amount/);
    expect(() => parseTransactionStatusResult(withStatus('Completed', ['TransactionStatus']))).toThrow(
      /TransactionStatus/,
    );
  });

  it('refuses ids with control characters and bodies of other shapes', () => {
    const body = statusCompleted();
    body.Result.OriginatorConversationID = 'query\u0000-1';
    expect(() => parseTransactionStatusResult(body)).toThrow(/control characters/);
    const newline = statusCompleted();
    newline.Result.ConversationID = 'AG_1\nAG_2';
    expect(() => parseTransactionStatusResult(newline)).toThrow(MalformedCallbackError);
    expect(() => parseTransactionStatusResult({ Body: {} })).toThrow(MalformedCallbackError);
    expect(() => parseTransactionStatusResult(null)).toThrow(MalformedCallbackError);
  });
});

describe('parseTransactionStatusTimeout', () => {
  it('always reports the queue timeout as timeout', () => {
    const body = {
      Result: {
        ResultType: 1,
        ResultCode: 0,
        OriginatorConversationID: 'query-1',
        ConversationID: 'AG_20260116_00001',
      },
    };
    expect(parseTransactionStatusTimeout(body)).toEqual({
      queryId: 'query-1',
      conversationId: 'AG_20260116_00001',
      state: 'timeout',
      succeeded: false,
      resultCode: '0',
      description: 'The service request has timed out.',
      receipt: undefined,
      amountMinor: undefined,
      phone: undefined,
    });
    expect(() => parseTransactionStatusTimeout({ Result: { ConversationID: 'AG_1' } })).toThrow(MalformedCallbackError);
  });
});

describe('ids', () => {
  it('refuses NUL and other control characters in STK and B2C ids', () => {
    const stk = structuredClone(stkCancelled);
    stk.Body.stkCallback.CheckoutRequestID = 'ws_CO_1\u0000';
    expect(() => parseStkCallback(stk)).toThrow(/control characters/);
    const b2c = structuredClone(b2cSuccess) as { Result: Record<string, unknown> };
    b2c.Result.OriginatorConversationID = 'wd-1\u001b[31m';
    expect(() => parseB2cResult(b2c)).toThrow(/control characters/);
  });
});
