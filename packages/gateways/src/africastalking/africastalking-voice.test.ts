import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentGatewayError } from '../ports.js';
import { createAfricasTalkingVoice } from './africastalking-voice.js';
import { replyCapturing } from './test-nock-capture.js';

const voiceApi = () => nock('https://voice.africastalking.com');
const voice = createAfricasTalkingVoice({ username: 'sacco', apiKey: 'key-123', callerNumber: '+254711082000' });
const request = { to: '+254711000111', idempotencyKey: 'call-9' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('createAfricasTalkingVoice', () => {
  it('posts from, to and our key as clientRequestId, and returns the session id', async () => {
    const { requests } = replyCapturing(voiceApi().post('/call'), 201, {
      entries: [{ phoneNumber: '+254711000111', status: 'Queued', sessionId: 'ATVId_123' }],
      errorMessage: 'None',
    });

    await expect(voice.call(request)).resolves.toEqual({ providerSessionId: 'ATVId_123' });
    expect(requests[0]?.form).toEqual({
      username: 'sacco',
      to: '+254711000111',
      from: '+254711082000',
      clientRequestId: 'call-9',
    });
    expect(requests[0]?.headers.apikey).toBe('key-123');
    expect(requests[0]?.headers.accept).toBe('application/json');
  });

  it.each(['InvalidPhoneNumber', 'DestinationNotSupported', 'InsufficientCredit'])(
    'refuses entry status %s for good',
    async (status) => {
      voiceApi()
        .post('/call')
        .reply(201, { entries: [{ phoneNumber: '+254711000111', status, sessionId: 'None' }], errorMessage: 'None' });
      await expect(voice.call(request)).rejects.toMatchObject({ name: 'PermanentGatewayError', providerCode: status });
    },
  );

  it('refuses a request-level error (no entries) for good', async () => {
    voiceApi().post('/call').reply(201, { entries: [], errorMessage: 'Invalid callerId: +254711082000' });
    await expect(voice.call(request)).rejects.toMatchObject({
      message: 'Voice call refused: Invalid callerId: +254711082000',
    });
  });

  it('treats a lost connection as transient', async () => {
    voiceApi().post('/call').replyWithError('socket hang up');
    const error = await voice.call(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
  });

  it('refuses a number the SDK rejects, without calling the API', async () => {
    await expect(voice.call({ ...request, to: 'not-a-number' })).rejects.toBeInstanceOf(PermanentGatewayError);
  });
});
