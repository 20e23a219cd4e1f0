import { describe, expect, it } from 'vitest';
import { createPinHasher } from './pin-hasher.js';
import { pinProblem } from './pin-rules.js';

describe('pinProblem', () => {
  it.each(['0000', '1111', '1234', '6789', '9876', '3210'])('refuses the trivial PIN %s', (pin) => {
    expect(pinProblem(pin)).toBe('trivial');
  });

  it.each(['123', '12345', '12a4', ''])('refuses %j as not four digits', (pin) => {
    expect(pinProblem(pin)).toBe('not-four-digits');
  });

  it.each(['4826', '1235', '0001', '1357'])('accepts %s', (pin) => {
    expect(pinProblem(pin)).toBeUndefined();
  });
});

describe('createPinHasher', () => {
  const hasher = createPinHasher({ pepper: 'test-pepper', cost: 1024 });

  it('verifies the PIN it hashed and refuses another', async () => {
    const stored = await hasher.hash('4826');
    expect(stored).not.toContain('4826');
    expect(await hasher.verify('4826', stored)).toBe(true);
    expect(await hasher.verify('4827', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('4826')).not.toBe(await hasher.hash('4826'));
  });

  it('depends on the pepper', async () => {
    const stored = await hasher.hash('4826');
    const otherPepper = createPinHasher({ pepper: 'another-pepper', cost: 1024 });
    expect(await otherPepper.verify('4826', stored)).toBe(false);
  });

  it('digests a PIN for confirmation within one scope only', () => {
    const digest = hasher.digest('4826', 'session-1');
    expect(digest).not.toContain('4826');
    expect(hasher.matchesDigest('4826', 'session-1', digest)).toBe(true);
    expect(hasher.matchesDigest('4827', 'session-1', digest)).toBe(false);
    expect(hasher.matchesDigest('4826', 'session-2', digest)).toBe(false);
    expect(hasher.matchesDigest('4826', 'session-1', 'garbage')).toBe(false);
  });

  it('refuses a malformed stored value', async () => {
    expect(await hasher.verify('4826', 'plain-text')).toBe(false);
  });
});
