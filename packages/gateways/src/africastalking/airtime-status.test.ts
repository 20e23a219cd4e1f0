import { describe, expect, it } from 'vitest';
import { MalformedCallbackError } from '../malformed-callback.error.js';
import { parseAirtimeStatus } from './airtime-status.js';

describe('parseAirtimeStatus', () => {
  it("reads Africa's Talking's sample callback", () => {
    const body = {
      phoneNumber: '+254711XXXYYY',
      description: 'Airtime Delivered Successfully',
      status: 'Success',
      requestId: 'ATQid_SampleTxnId123',
      discount: 'KES 0.6000',
      value: 'KES 100.0000',
    };
    expect(parseAirtimeStatus(body)).toEqual({
      providerRequestId: 'ATQid_SampleTxnId123',
      succeeded: true,
      phone: '+254711XXXYYY',
      description: 'Airtime Delivered Successfully',
      amountMinor: 10_000n,
      currency: 'KES',
    });
  });

  it('reads a failure', () => {
    expect(parseAirtimeStatus({ requestId: 'ATQid_1', status: 'Failed', description: 'Not delivered' })).toEqual({
      providerRequestId: 'ATQid_1',
      succeeded: false,
      phone: undefined,
      description: 'Not delivered',
      amountMinor: undefined,
      currency: undefined,
    });
  });

  it.each([
    ['not an object', 'Success'],
    ['an unknown status', { requestId: 'ATQid_1', status: 'Sent' }],
    ['no requestId', { status: 'Success' }],
    ['a phone that is no string', { requestId: 'ATQid_1', status: 'Success', phoneNumber: 254711000111 }],
    ['a value with no currency', { requestId: 'ATQid_1', status: 'Success', value: '50.0000' }],
    ['a value of 30 digits', { requestId: 'ATQid_1', status: 'Success', value: `KES ${'9'.repeat(30)}` }],
  ])('refuses %s', (_, body) => {
    expect(() => parseAirtimeStatus(body)).toThrow(MalformedCallbackError);
  });
});
