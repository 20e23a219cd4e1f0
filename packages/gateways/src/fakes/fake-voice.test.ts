import { describe, expect, it } from 'vitest';
import { PermanentGatewayError } from '../ports.js';
import { createFakeVoice } from './fake-voice.js';

const request = { to: '+254711000111', idempotencyKey: 'call-1' };

describe('createFakeVoice', () => {
  it('records calls once per key', async () => {
    const voice = createFakeVoice();
    await expect(voice.call(request)).resolves.toEqual({ providerSessionId: 'ATVId_fake_1' });
    await expect(voice.call(request)).resolves.toEqual({ providerSessionId: 'ATVId_fake_1' });
    await expect(voice.call({ ...request, idempotencyKey: 'call-2' })).resolves.toEqual({
      providerSessionId: 'ATVId_fake_2',
    });
    expect(voice.sent().map((call) => call.idempotencyKey)).toEqual(['call-1', 'call-2']);
  });

  it('fails the next call transiently', async () => {
    const voice = createFakeVoice();
    voice.failNext(1);
    const error = await voice.call(request).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    await expect(voice.call(request)).resolves.toHaveProperty('providerSessionId');
  });
});
