import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { studioPublicDir } from '@sacco/studio';
import { describe, expect, it } from 'vitest';

interface CallStatuses {
  get(id: string): string | undefined;
  has(id: string): boolean;
  set(id: string, status: string): void;
}
// The studio's page module, plain JavaScript served as it is: loaded here as the browser loads it.
const { createCallStatuses } = (await import(pathToFileURL(join(studioPublicDir, 'call-statuses.js')).href)) as {
  createCallStatuses(storage: unknown): CallStatuses;
};

/** A tab's sessionStorage: strings by key, as the browser keeps them across a reload. */
function tabStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      items.set(key, String(value));
    },
  };
}

describe("the handset's call statuses", () => {
  it('are still known after a reload of the page, by providerSessionId', () => {
    const storage = tabStorage();
    const before = createCallStatuses(storage);
    before.set('ATVId_fake_1', 'ringing');
    before.set('ATVId_fake_1', 'answered');
    before.set('ATVId_fake_1', 'hung up');
    before.set('ATVId_fake_2', 'declined');

    const after = createCallStatuses(storage);
    expect(after.get('ATVId_fake_1')).toBe('hung up');
    expect(after.get('ATVId_fake_2')).toBe('declined');
    // A call the handset dealt with is known, so it does not ring again; a new one is not.
    expect(after.has('ATVId_fake_2')).toBe(true);
    expect(after.has('ATVId_fake_3')).toBe(false);
  });

  it('say that a call ringing or live when the page was left was left, not that it still rings', () => {
    const storage = tabStorage();
    const before = createCallStatuses(storage);
    before.set('ATVId_fake_1', 'ringing');
    before.set('ATVId_fake_2', 'answered');
    before.set('ATVId_fake_3', 'ended by the IVR');

    const after = createCallStatuses(storage);
    expect(after.get('ATVId_fake_1')).toBe('not answered: the page was left while it rang');
    expect(after.get('ATVId_fake_2')).toBe('answered: the page was left during the call');
    expect(after.get('ATVId_fake_3')).toBe('ended by the IVR');
    // And a second reload says the same.
    expect(createCallStatuses(storage).get('ATVId_fake_1')).toBe('not answered: the page was left while it rang');
  });

  it('start empty when the storage holds nothing readable, and last the page without storage', () => {
    for (const junk of ['not json', '[1,2]', 'null', '{"ATVId_fake_1": 7}']) {
      const statuses = createCallStatuses(tabStorage({ 'studio.callStatuses': junk }));
      expect(statuses.has('ATVId_fake_1')).toBe(false);
    }
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    for (const storage of [undefined, refusing]) {
      const statuses = createCallStatuses(storage);
      statuses.set('ATVId_fake_1', 'declined');
      expect(statuses.get('ATVId_fake_1')).toBe('declined');
    }
  });
});
