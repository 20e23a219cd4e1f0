import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAirtimeStatus } from '../africastalking/airtime-status.js';
import { OutcomeUnknownError, PermanentGatewayError } from '../ports.js';
import { createFakeAirtime, type FakeAirtime } from './fake-airtime.js';
import { type CallbackReceiver, startCallbackReceiver } from './test-callback-receiver.js';

const request = { phone: '+254711000111', amountMinor: 10_000n, currency: 'KES', idempotencyKey: 'air-1' };

let receiver: CallbackReceiver;
let airtime: FakeAirtime | undefined;

beforeEach(async () => {
  receiver = await startCallbackReceiver();
});

afterEach(async () => {
  airtime?.close();
  await receiver.close();
});

describe('createFakeAirtime', () => {
  it('approve: answers a request id, then posts a Success status callback', async () => {
    airtime = createFakeAirtime({ mode: 'approve', delayMs: 5, statusCallbackUrl: `${receiver.url}/airtime/status` });
    const { providerRequestId } = await airtime.send(request);
    const [callback] = await receiver.waitFor(1);

    expect(callback?.path).toBe('/airtime/status');
    expect(callback?.body).toEqual({
      requestId: providerRequestId,
      status: 'Success',
      phoneNumber: '+254711000111',
      description: 'Airtime Delivered Successfully',
      value: 'KES 100.0000',
      discount: 'KES 0.0000',
    });
    expect(parseAirtimeStatus(callback?.body)).toMatchObject({ providerRequestId, succeeded: true });
    expect(airtime.sent()).toEqual([expect.objectContaining({ providerRequestId, outcome: 'Success' })]);
  });

  it('decline: posts a Failed status callback', async () => {
    airtime = createFakeAirtime({ mode: 'decline', delayMs: 5, statusCallbackUrl: `${receiver.url}/s` });
    await airtime.send(request);
    const [callback] = await receiver.waitFor(1);
    expect(parseAirtimeStatus(callback?.body).succeeded).toBe(false);
  });

  it('manual: waits for an operator', async () => {
    airtime = createFakeAirtime({ mode: 'manual', delayMs: 0, statusCallbackUrl: `${receiver.url}/s` });
    const { providerRequestId } = await airtime.send(request);
    expect(airtime.pending()).toEqual([expect.objectContaining({ providerRequestId, outcome: 'pending' })]);
    expect(airtime.decline('ATQid_unknown')).toBe(false);
    expect(airtime.approve(providerRequestId)).toBe(true);
    await airtime.settled();
    expect(receiver.received()).toHaveLength(1);
    expect(airtime.pending()).toEqual([]);
  });

  it('dedupes by idempotency key: one request id, one callback', async () => {
    airtime = createFakeAirtime({ mode: 'approve', delayMs: 5, statusCallbackUrl: `${receiver.url}/s` });
    const first = await airtime.send(request);
    await expect(airtime.send(request)).resolves.toEqual(first);
    await airtime.settled();
    expect(airtime.sent()).toHaveLength(1);
    expect(receiver.received()).toHaveLength(1);
  });

  it("answers a repeated key with DuplicateRequest when asked to, as Africa's Talking does", async () => {
    airtime = createFakeAirtime({ mode: 'approve', delayMs: 5, duplicateRequests: true });
    await airtime.send(request);
    await expect(airtime.send(request)).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(airtime.send(request)).rejects.toMatchObject({ providerCode: 'DuplicateRequest' });
    expect(airtime.sent()).toHaveLength(1);
  });

  it('fails the next calls transiently, recording nothing', async () => {
    airtime = createFakeAirtime({ mode: 'approve', delayMs: 5 });
    airtime.failNext(1);
    const error = await airtime.send(request).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect(airtime.sent()).toEqual([]);
    await airtime.send(request);
    await airtime.settled();
    expect(airtime.sent()).toEqual([expect.objectContaining({ outcome: 'Success' })]);
  });

  it('retries a failing status route', async () => {
    airtime = createFakeAirtime({
      mode: 'approve',
      delayMs: 1,
      statusCallbackUrl: `${receiver.url}/s`,
      callbackBackoffMs: 1,
    });
    receiver.failNext(1);
    await airtime.send(request);
    await airtime.settled();
    expect(airtime.callbacks()).toEqual([expect.objectContaining({ attempts: 2, delivered: true })]);
  });
});
