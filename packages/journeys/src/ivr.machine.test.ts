import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createIvrMachine, type IvrEvent, ivrMetaOf } from './ivr.machine.js';

async function call(language: 'en' | 'sw' | undefined = 'sw') {
  const actor = createActor(
    createIvrMachine(async () => language),
    {
      input: { sessionId: 'v1', callerNumber: '+254711000111', defaultLanguage: 'en' },
    },
  ).start();
  await waitFor(actor, (s) => !s.hasTag('working'));
  const send = (event: IvrEvent) => {
    actor.send(event);
    return actor.getSnapshot();
  };
  return { actor, send };
}

describe('IVR machine', () => {
  it('greets in the member language and offers the menu', async () => {
    const { actor } = await call('sw');
    const snapshot = actor.getSnapshot();
    expect(snapshot.matches('menu')).toBe(true);
    expect(snapshot.context.language).toBe('sw');
    expect(ivrMetaOf(snapshot)).toEqual({ prompt: 'ivr.menu', action: 'digit' });
  });

  it('connects 1 to sales and 2 to support', async () => {
    expect(ivrMetaOf((await call()).send({ type: 'DIGITS', digits: '1' }))).toMatchObject({ destination: 'sales' });
    expect(ivrMetaOf((await call()).send({ type: 'DIGITS', digits: '2' }))).toMatchObject({ destination: 'support' });
  });

  it('repeats the menu on 9 without counting it as a miss', async () => {
    const { send } = await call();
    for (let i = 0; i < 5; i++) expect(send({ type: 'DIGITS', digits: '9' }).context.misses).toBe(0);
    expect(send({ type: 'DIGITS', digits: '9' }).matches('menu')).toBe(true);
  });

  it('repeats the menu at most twice after wrong or missing keys, then says goodbye', async () => {
    const { send } = await call();
    let snapshot = send({ type: 'DIGITS', digits: '7' });
    expect(snapshot.matches('menu')).toBe(true);
    expect(snapshot.context).toMatchObject({ misses: 1, missed: true });
    snapshot = send({ type: 'NO_INPUT' });
    expect(snapshot.context.misses).toBe(2);
    snapshot = send({ type: 'NO_INPUT' });
    expect(snapshot.matches('goodbye')).toBe(true);
    expect(snapshot.status).toBe('done');
  });

  it('goes on in the default language when the lookup fails', async () => {
    const actor = createActor(
      createIvrMachine(async () => {
        throw new Error('database down');
      }),
      { input: { sessionId: 'v2', callerNumber: '+254711000111', defaultLanguage: 'en' } },
    ).start();
    const snapshot = await waitFor(actor, (s) => !s.hasTag('working'));
    expect(snapshot.matches('menu')).toBe(true);
    expect(snapshot.context.language).toBe('en');
  });
});
