import { describe, expect, it } from 'vitest';
import { PermanentGatewayError } from '../ports.js';
import { createFakeSms } from './fake-sms.js';

const message = { to: '+254711000111', text: 'Hello', idempotencyKey: 'sms-1' };

describe('createFakeSms', () => {
  it('records what it sends and returns a message id', async () => {
    const sms = createFakeSms();
    await expect(sms.send(message)).resolves.toEqual({ providerMessageId: 'ATXid_fake_1' });
    expect(sms.sent()).toEqual([expect.objectContaining({ ...message, providerMessageId: 'ATXid_fake_1' })]);
  });

  it('answers a repeated key with the first result and records nothing new', async () => {
    const sms = createFakeSms();
    const first = await sms.send(message);
    await expect(sms.send({ ...message, text: 'Hello again' })).resolves.toEqual(first);
    expect(sms.sent()).toHaveLength(1);
  });

  it('fails the next calls transiently, so a retry goes through', async () => {
    const sms = createFakeSms();
    sms.failNext(2);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await sms.send(message).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentGatewayError);
    }
    expect(sms.sent()).toHaveLength(0);
    await expect(sms.send(message)).resolves.toEqual({ providerMessageId: 'ATXid_fake_1' });
  });

  it('can refuse for good, and refuses numbers that are not E.164', async () => {
    const sms = createFakeSms();
    sms.failNext(1, 'permanent');
    await expect(sms.send(message)).rejects.toBeInstanceOf(PermanentGatewayError);
    await expect(sms.send({ ...message, to: '0711000111' })).rejects.toMatchObject({
      providerCode: 'InvalidPhoneNumber',
    });
  });
});
