import type { UssdEvent } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createSessionMachine } from './session.app.js';
import { createFakeSessionServices } from './test-session-services.js';

const PHONE = '+254711000111';

function start(fake = createFakeSessionServices()) {
  const actor = createActor(createSessionMachine(fake.services), {
    input: { sessionId: 'session-1', phone: PHONE, language: 'en' },
  }).start();
  const settled = () => waitFor(actor, (s) => !s.hasTag('working') || s.status !== 'active');
  const send = async (event: UssdEvent) => {
    actor.send(event);
    return settled();
  };
  const input = (value: string) => send({ type: 'INPUT', value });
  return { actor, fake, settled, send, input };
}

async function registered() {
  const session = start();
  await session.settled();
  for (const value of ['Amina Wanjiru', 'Nakuru', '2', '4826', '4826']) await session.input(value);
  return session;
}

describe('session machine', () => {
  it('sends an unknown number to registration', async () => {
    const { settled } = start();
    expect((await settled()).matches({ registration: 'askName' })).toBe(true);
  });

  it('registers a member and greets them in their language', async () => {
    const { actor, fake } = await registered();
    const snapshot = actor.getSnapshot();
    expect(snapshot.matches('mainMenu')).toBe(true);
    expect(snapshot.context.language).toBe('sw');
    expect(snapshot.context.notice).toBe('notice.registered');
    expect(snapshot.context.member?.name).toBe('Amina Wanjiru');
    expect(fake.members.get(PHONE)?.pin).toBe('4826');
    expect(JSON.stringify(actor.getPersistedSnapshot())).not.toContain('4826');
  });

  it('asks the same question again, with a reason, on bad input', async () => {
    const { settled, input } = start();
    await settled();
    let snapshot = await input('J');
    expect(snapshot.matches({ registration: 'askName' })).toBe(true);
    expect(snapshot.context.error).toBe('error.nameInvalid');
    snapshot = await input('Jane Doe');
    expect(snapshot.matches({ registration: 'askCity' })).toBe(true);
    expect(snapshot.context.error).toBeNull();
  });

  it('refuses trivial PINs and a confirmation that differs', async () => {
    const { settled, input } = start();
    await settled();
    for (const value of ['Jane Doe', 'Kisumu', '1']) await input(value);
    expect((await input('1234')).context.error).toBe('error.pinTrivial');
    expect((await input('12')).context.error).toBe('error.pinFormat');
    expect((await input('4826')).matches({ registration: 'confirmPin' })).toBe(true);
    const mismatch = await input('4827');
    expect(mismatch.matches({ registration: 'choosePin' })).toBe(true);
    expect(mismatch.context.error).toBe('error.pinMismatch');
    expect(mismatch.context.pinDigest).toBeNull();
  });

  it('goes back one screen during registration', async () => {
    const { settled, input, send } = start();
    await settled();
    await input('Jane Doe');
    expect((await send({ type: 'BACK' })).matches({ registration: 'askName' })).toBe(true);
  });

  it('shows the balance after the right PIN', async () => {
    const { input } = await registered();
    await input('6');
    await input('1');
    const snapshot = await input('4826');
    expect(snapshot.matches({ account: { balance: 'show' } })).toBe(true);
    expect(snapshot.context.balance).toEqual({ minor: '0', currency: 'KES' });
  });

  it('locks the member after three wrong PINs', async () => {
    const { input } = await registered();
    await input('6');
    await input('1');
    let snapshot = await input('1111');
    expect(snapshot.context.error).toBe('error.pinWrong');
    expect(snapshot.context.attemptsLeft).toBe(2);
    await input('2222');
    snapshot = await input('3333');
    expect(snapshot.matches('lockedOut')).toBe(true);
    expect(snapshot.status).toBe('done');
  });

  it('tells a locked member so and offers nothing else', async () => {
    const { fake } = await registered();
    const member = fake.members.get(PHONE);
    if (member === undefined) throw new Error('not registered');
    member.locked = true;
    const snapshot = await start(fake).settled();
    expect(snapshot.matches('locked')).toBe(true);
    expect(snapshot.status).toBe('done');
  });

  it('changes the PIN after the current one and a confirmation', async () => {
    const { input, fake } = await registered();
    for (const value of ['6', '2', '4826', '5937']) await input(value);
    const snapshot = await input('5937');
    expect(snapshot.matches({ account: { changePin: 'done' } })).toBe(true);
    expect(fake.members.get(PHONE)?.pin).toBe('5937');
  });

  it('changes the language and shows the next screens in it', async () => {
    const { input, fake } = await registered();
    for (const value of ['6', '3']) await input(value);
    const snapshot = await input('1');
    expect(snapshot.matches({ account: { language: 'done' } })).toBe(true);
    expect(snapshot.context.language).toBe('en');
    expect(fake.members.get(PHONE)?.language).toBe('en');
  });

  it('goes home with 00 and back with 0 from My account', async () => {
    const { input, send } = await registered();
    await input('6');
    expect((await send({ type: 'BACK' })).matches('mainMenu')).toBe(true);
    await input('6');
    await input('3');
    expect((await send({ type: 'HOME' })).matches('mainMenu')).toBe(true);
  });

  it('answers the entries of later journeys with a clear END', async () => {
    const { input } = await registered();
    const snapshot = await input('1');
    expect(snapshot.matches('unavailable')).toBe(true);
    expect(snapshot.status).toBe('done');
  });

  it('ends politely when an effect fails', async () => {
    const fake = createFakeSessionServices();
    fake.services.lookUpCaller = async () => {
      throw new Error('database down');
    };
    const snapshot = await start(fake).settled();
    expect(snapshot.matches('failure')).toBe(true);
  });
});
