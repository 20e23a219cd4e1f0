import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AirtimeRequest, OutcomeUnknownError, PermanentGatewayError } from '../ports.js';
import { createAfricasTalkingAirtime } from './africastalking-airtime.js';
import { replyCapturing } from './test-nock-capture.js';

const api = () => nock('https://api.africastalking.com');
const airtime = createAfricasTalkingAirtime({ username: 'sacco', apiKey: 'key-123' });
const request: AirtimeRequest = {
  phone: '+254711000111',
  amountMinor: 10_000n,
  currency: 'KES',
  idempotencyKey: 'air-42',
};

const reply = (status: string, errorMessage = 'None', requestId = 'ATQid_1be914ac') => ({
  errorMessage: status === 'Sent' ? 'None' : errorMessage,
  numSent: status === 'Sent' ? 1 : 0,
  totalAmount: 'KES 100.0000',
  totalDiscount: 'KES 4.0000',
  responses: [
    { phoneNumber: '+254711000111', errorMessage, amount: 'KES 100.0000', status, requestId, discount: 'KES 4.0000' },
  ],
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('createAfricasTalkingAirtime', () => {
  it('posts username and the recipients JSON, with our key as Idempotency-Key', async () => {
    const { requests } = replyCapturing(api().post('/version1/airtime/send'), 201, reply('Sent'));

    await expect(airtime.send(request)).resolves.toEqual({ providerRequestId: 'ATQid_1be914ac' });
    expect(requests[0]?.form).toEqual({
      username: 'sacco',
      recipients: '[{"phoneNumber":"+254711000111","amount":"KES 100"}]',
    });
    expect(requests[0]?.headers.apikey).toBe('key-123');
    expect(requests[0]?.headers.accept).toBe('application/json');
    expect(requests[0]?.headers['idempotency-key']).toBe('air-42');
  });

  it('keeps cents in the amount', async () => {
    const { requests } = replyCapturing(api().post('/version1/airtime/send'), 201, reply('Sent'));
    await airtime.send({ ...request, amountMinor: 5_050n });
    expect(JSON.parse(requests[0]?.form.recipients ?? '[]')).toEqual([
      { phoneNumber: '+254711000111', amount: 'KES 50.5' },
    ]);
  });

  it('writes zero-decimal currencies as whole units', async () => {
    const { requests } = replyCapturing(api().post('/version1/airtime/send'), 201, reply('Sent'));
    await airtime.send({ ...request, phone: '+256772000111', currency: 'UGX', amountMinor: 1_000n });
    expect(JSON.parse(requests[0]?.form.recipients ?? '[]')).toEqual([
      { phoneNumber: '+256772000111', amount: 'UGX 1000' },
    ]);
  });

  it('refuses a Failed recipient for good, with its errorMessage', async () => {
    api()
      .post('/version1/airtime/send')
      .reply(201, reply('Failed', 'Insufficient Credit', 'None'));
    await expect(airtime.send(request)).rejects.toMatchObject({
      name: 'PermanentGatewayError',
      providerCode: 'Failed',
      message: 'Airtime refused: Insufficient Credit',
    });
  });

  it('reports the five-minute duplicate refusal as outcome unknown, never as a refusal', async () => {
    const duplicate = 'A duplicate request was received within the last 5 minutes';
    api()
      .post('/version1/airtime/send')
      .reply(201, reply('Failed', duplicate, 'None'));
    const error = await airtime.send(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect(error).toMatchObject({
      name: 'OutcomeUnknownError',
      providerCode: 'DuplicateRequest',
      message: expect.stringMatching(/saw this request before.*may have succeeded/),
    });
  });

  it('reports a DuplicateRequest status or errorMessage as outcome unknown', async () => {
    api()
      .post('/version1/airtime/send')
      .reply(201, reply('DuplicateRequest', 'DuplicateRequest', 'None'));
    await expect(airtime.send(request)).rejects.toBeInstanceOf(OutcomeUnknownError);
    api()
      .post('/version1/airtime/send')
      .reply(201, reply('Failed', 'DuplicateRequest', 'None'));
    await expect(airtime.send(request)).rejects.toMatchObject({ providerCode: 'DuplicateRequest' });
  });

  it('refuses a request-level error with no responses for good', async () => {
    api()
      .post('/version1/airtime/send')
      .reply(201, { errorMessage: 'Invalid amount', numSent: 0, totalAmount: '0', totalDiscount: '0', responses: [] });
    await expect(airtime.send(request)).rejects.toMatchObject({ message: 'Airtime refused: Invalid amount' });
  });

  it('treats a 5xx as transient', async () => {
    api().post('/version1/airtime/send').reply(502, 'Bad Gateway');
    const error = await airtime.send(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
  });

  it('refuses a zero amount before any request', async () => {
    await expect(airtime.send({ ...request, amountMinor: 0n })).rejects.toBeInstanceOf(PermanentGatewayError);
  });
});
