import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentGatewayError } from '../ports.js';
import { createAfricasTalkingSms } from './africastalking-sms.js';
import { replyCapturing } from './test-nock-capture.js';

const api = () => nock('https://api.africastalking.com');
const sms = createAfricasTalkingSms({ username: 'sacco', apiKey: 'key-123', from: 'SACCO' });
const message = { to: '+254711000111', text: 'Your deposit of KES 1,500.00 is in.', idempotencyKey: 'sms-1' };

const sent = (statusCode: number, status: string, messageId = 'ATXid_1') => ({
  SMSMessageData: {
    Message: statusCode < 400 ? 'Sent to 1/1 Total Cost: KES 0.8000' : 'Sent to 0/1 Total Cost: 0',
    Recipients: [{ statusCode, number: '+254711000111', status, cost: 'KES 0.8000', messageId }],
  },
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('createAfricasTalkingSms', () => {
  it('posts the form fields and apiKey header the API documents, and returns the message id', async () => {
    const { requests } = replyCapturing(api().post('/version1/messaging'), 201, sent(101, 'Success', 'ATXid_abc'));

    await expect(sms.send(message)).resolves.toEqual({ providerMessageId: 'ATXid_abc' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.form).toEqual({
      username: 'sacco',
      to: '+254711000111',
      message: 'Your deposit of KES 1,500.00 is in.',
      from: 'SACCO',
      bulkSMSMode: '1',
    });
    expect(requests[0]?.headers.apikey).toBe('key-123');
    expect(requests[0]?.headers.accept).toBe('application/json');
    expect(requests[0]?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it('leaves out `from` when no sender id is configured', async () => {
    const { requests } = replyCapturing(api().post('/version1/messaging'), 201, sent(102, 'Queued'));
    await createAfricasTalkingSms({ username: 'sacco', apiKey: 'key-123' }).send(message);
    expect(requests[0]?.form).not.toHaveProperty('from');
  });

  it.each([
    [403, 'InvalidPhoneNumber'],
    [406, 'UserInBlacklist'],
    [405, 'InsufficientBalance'],
  ])('refuses recipient status %i %s for good', async (statusCode, status) => {
    api()
      .post('/version1/messaging')
      .reply(201, sent(statusCode, status, 'None'));
    await expect(sms.send(message)).rejects.toMatchObject({ name: 'PermanentGatewayError', providerCode: status });
  });

  it('treats recipient status 5xx as transient', async () => {
    api()
      .post('/version1/messaging')
      .reply(201, sent(500, 'InternalServerError', 'None'));
    const error = await sms.send(message).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
  });

  it('refuses a request with no recipient (e.g. an invalid sender id) for good', async () => {
    api()
      .post('/version1/messaging')
      .reply(201, { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } });
    await expect(sms.send(message)).rejects.toMatchObject({ providerCode: 'InvalidSenderId' });
  });

  it('refuses a rejected API key for good', async () => {
    api().post('/version1/messaging').reply(401, 'The supplied authentication is invalid');
    await expect(sms.send(message)).rejects.toMatchObject({ name: 'PermanentGatewayError', providerCode: 'HTTP 401' });
  });

  it('treats a 503 and a lost connection as transient', async () => {
    api().post('/version1/messaging').reply(503, 'Service Unavailable');
    const unavailable = await sms.send(message).catch((caught: unknown) => caught);
    expect(unavailable).not.toBeInstanceOf(PermanentGatewayError);
    expect((unavailable as Error).message).toMatch(/HTTP 503/);

    api().post('/version1/messaging').replyWithError('socket hang up');
    const reset = await sms.send(message).catch((caught: unknown) => caught);
    expect(reset).toBeInstanceOf(Error);
    expect(reset).not.toBeInstanceOf(PermanentGatewayError);
  });

  it('refuses a number the SDK cannot parse without calling the API', async () => {
    await expect(sms.send({ ...message, to: '0711' })).rejects.toBeInstanceOf(PermanentGatewayError);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
