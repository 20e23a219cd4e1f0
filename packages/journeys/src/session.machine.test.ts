import type { UssdEvent } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createFakeSessionServices } from './effects/memory-services.js';
import { createSessionMachine } from './session.app.js';
import { journeyView } from './session.setup.js';
import { STUDIO_SETTINGS } from './studio-samples.js';

const PHONE = '+254711000111';

// The default deployment's settings, as the studio draws them.
const TEST_SETTINGS = STUDIO_SETTINGS;

function start(fake = createFakeSessionServices()) {
  const actor = createActor(createSessionMachine(fake.services, TEST_SETTINGS), {
    input: {
      sessionId: 'session-1',
      phone: PHONE,
      language: 'en',
      currency: 'KES',
      countryCode: '254',
      loanTerms: [30, 90],
    },
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
  for (const value of ['2', 'Amina Wanjiru', 'Nakuru', '4826', '4826']) await session.input(value);
  return session;
}

describe('session machine', () => {
  it('sends an unknown number to registration', async () => {
    const { settled } = start();
    expect((await settled()).matches({ registration: 'askLanguage' })).toBe(true);
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
    await input('1');
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
    for (const value of ['1', 'Jane Doe', 'Kisumu']) await input(value);
    expect((await input('1234')).context.error).toBe('error.pinTrivial');
    expect((await input('12')).context.error).toBe('error.pinFormat');
    expect((await input('4826')).matches({ registration: 'confirmPin' })).toBe(true);
    const mismatch = await input('4827');
    expect(mismatch.matches({ registration: 'choosePin' })).toBe(true);
    expect(mismatch.context.error).toBe('error.pinMismatch');
    expect(journeyView(mismatch.context).pinDigest).toBeNull();
  });

  it('goes back one screen during registration', async () => {
    const { settled, input, send } = start();
    await settled();
    await input('1');
    await input('Jane Doe');
    expect((await send({ type: 'BACK' })).matches({ registration: 'askName' })).toBe(true);
    expect((await send({ type: 'BACK' })).matches({ registration: 'askLanguage' })).toBe(true);
  });

  it('shows the balance after the right PIN', async () => {
    const { input } = await registered();
    await input('6');
    await input('1');
    const snapshot = await input('4826');
    expect(snapshot.matches({ account: { balance: 'show' } })).toBe(true);
    expect(journeyView(snapshot.context).balance).toEqual({ minor: '0', currency: 'KES', held: '0' });
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
    for (const value of ['6', '3', '4826', '5937']) await input(value);
    const snapshot = await input('5937');
    expect(snapshot.matches({ account: { changePin: 'done' } })).toBe(true);
    expect(fake.members.get(PHONE)?.pin).toBe('5937');
  });

  it('changes the language and shows the next screens in it', async () => {
    const { input, fake } = await registered();
    for (const value of ['6', '4']) await input(value);
    const snapshot = await input('1');
    expect(snapshot.matches({ account: { language: 'done' } })).toBe(true);
    expect(snapshot.context.language).toBe('en');
    expect(fake.members.get(PHONE)?.language).toBe('en');
  });

  it('after an operator reset, asks for the one-time PIN and a new PIN before the menu', async () => {
    const first = await registered();
    const member = first.fake.members.get(PHONE);
    if (member === undefined) throw new Error('not registered');
    member.pin = '7391';
    member.mustChangePin = true;
    const { input, send, settled } = start(first.fake);
    expect((await settled()).matches({ pinReset: 'askPin' })).toBe(true);
    expect((await send({ type: 'HOME' })).matches({ pinReset: 'askPin' })).toBe(true);
    expect((await input('4826')).context.error).toBe('error.pinWrong');
    expect((await input('7391')).matches({ pinReset: 'choosePin' })).toBe(true);
    await input('2580');
    const done = await input('2580');
    expect(done.matches('mainMenu')).toBe(true);
    expect(done.context.notice).toBe('notice.pinChanged');
    expect(member).toMatchObject({ pin: '2580', mustChangePin: false });
    expect((await start(first.fake).settled()).matches('mainMenu')).toBe(true);
  });

  it('after a reset whose one-time PIN expired, asks for no PIN and says to ask for a new one', async () => {
    const first = await registered();
    const member = first.fake.members.get(PHONE);
    if (member === undefined) throw new Error('not registered');
    member.mustChangePin = true;
    member.resetExpired = true;
    const done = await start(first.fake).settled();
    expect(done.matches('resetExpired')).toBe(true);
    expect(done.status).toBe('done');
    expect(member.failures).toBe(0);
  });

  it('goes home with 00 and back with 0 from My account', async () => {
    const { input, send } = await registered();
    await input('6');
    expect((await send({ type: 'BACK' })).matches('mainMenu')).toBe(true);
    await input('6');
    await input('4');
    expect((await send({ type: 'HOME' })).matches('mainMenu')).toBe(true);
  });

  it('asks for a call back, once in the window', async () => {
    const { input } = await registered();
    expect((await input('7')).matches({ callMe: 'requested' })).toBe(true);
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

describe('money journeys', () => {
  async function funded(balance: bigint) {
    const session = await registered();
    const member = session.fake.members.get(PHONE);
    if (member === undefined) throw new Error('not registered');
    member.balance = balance;
    return session;
  }

  it('asks for a deposit amount within the limits, in whole shillings, then asks the provider', async () => {
    const { input, fake } = await funded(0n);
    await input('1');
    expect((await input('abc')).context.error).toBe('error.amountFormat');
    expect((await input('5')).context.error).toBe('error.amountBelow');
    expect((await input('150001')).context.error).toBe('error.amountAbove');
    expect((await input('100.50')).context.error).toBe('error.amountWhole');
    expect((await input('500')).matches({ deposit: 'confirm' })).toBe(true);
    const done = await input('1');
    // A final screen: the engine answers END there.
    expect(done.matches({ deposit: 'requested' })).toBe(true);
    expect(fake.requests).toMatchObject([
      { kind: 'deposit', amount: '50000', idempotencyKey: expect.stringMatching(/^ussd:[^:]+:deposit:[0-9a-f-]{36}$/) },
    ]);
  });

  it('withdraws after the PIN and the confirmation, and refuses an overdraft with the balance', async () => {
    const { input, fake } = await funded(20_000n);
    await input('2');
    await input('500');
    expect((await input('4826')).matches({ withdraw: 'confirm' })).toBe(true);
    const refused = await input('1');
    expect(refused.matches({ withdraw: 'askAmount' })).toBe(true);
    expect(refused.context.error).toBe('error.insufficientFunds');
    expect(journeyView(refused.context).balance?.minor).toBe('20000');
    await input('100');
    await input('4826');
    const done = await input('1');
    expect(done.matches({ withdraw: 'done' })).toBe(true);
    expect(fake.members.get(PHONE)?.balance).toBe(10_000n);
  });

  it('sends money to a registered member by local number, named only after the PIN', async () => {
    const fake = createFakeSessionServices();
    const recipient = { id: 'm-2', name: 'Baraka Otieno', language: 'en' as const, phone: '+254722000222' };
    fake.members.set(recipient.phone, { ...recipient, pin: '1357', failures: 0, locked: false, balance: 0n });
    const session = start(fake);
    await session.settled();
    for (const value of ['1', 'Amina Wanjiru', 'Nakuru', '4826', '4826']) await session.input(value);
    const sender = fake.members.get(PHONE);
    if (sender === undefined) throw new Error('not registered');
    sender.balance = 50_000n;

    await session.input('3');
    expect((await session.input('+1234567')).context.error).toBe('error.phoneInvalid');
    expect((await session.input('0711000111')).context.error).toBe('error.recipientSelf');
    // An unknown number is only said to be unknown once the PIN is right.
    const askAmount = await session.input('0733000000');
    expect(askAmount.matches({ sendMoney: 'askAmount' })).toBe(true);
    expect(journeyView(askAmount.context).recipient).toBeNull();
    await session.input('150.50');
    expect((await session.input('4826')).context.error).toBe('error.recipientUnknown');

    await session.input('0722 000 222');
    await session.input('150.50');
    const confirm = await session.input('4826');
    expect(confirm.matches({ sendMoney: 'confirm' })).toBe(true);
    expect(journeyView(confirm.context).recipient).toEqual({
      id: 'm-2',
      name: 'Baraka Otieno',
      phone: '+254722000222',
    });
    const done = await session.input('1');
    expect(done.matches({ sendMoney: 'done' })).toBe(true);
    expect(sender.balance).toBe(34_950n);
    expect(fake.members.get(recipient.phone)?.balance).toBe(15_050n);
  });

  it('buys airtime for another number', async () => {
    const { input, fake } = await funded(10_000n);
    await input('4');
    await input('2');
    expect((await input('12')).context.error).toBe('error.phoneInvalid');
    await input('0799000111');
    expect((await input('3')).context.error).toBe('error.amountBelow');
    await input('50');
    await input('4826');
    const confirm = await input('2');
    expect(confirm.matches('mainMenu')).toBe(true);
    expect(fake.requests).toEqual([]);
  });
});

describe('loans', () => {
  async function member(balance: bigint) {
    const session = await registered();
    const m = session.fake.members.get(PHONE);
    if (m === undefined) throw new Error('not registered');
    m.balance = balance;
    return session;
  }

  it('applies within the offer: amount, term, summary, PIN, confirm', async () => {
    const { input, fake } = await member(0n);
    fake.loanLimit = 300_000n;
    await input('5');
    expect((await input('1')).matches({ loans: { apply: 'askAmount' } })).toBe(true);
    expect((await input('5000')).context.error).toBe('error.amountAbove');
    expect((await input('50')).context.error).toBe('error.amountBelow');
    expect((await input('1000')).matches({ loans: { apply: 'askTerm' } })).toBe(true);
    expect((await input('3')).context.error).toBe('error.invalidChoice');
    const summary = await input('2');
    expect(summary.matches({ loans: { apply: 'summary' } })).toBe(true);
    expect(journeyView(summary.context).termDays).toBe(90);
    expect(journeyView(summary.context).quote?.fee).toBe('15000');
    await input('1');
    await input('4826');
    const done = await input('1');
    expect(done.matches({ loans: { apply: 'done' } })).toBe(true);
    expect(fake.members.get(PHONE)?.balance).toBe(100_000n);
  });

  it('says what is missing when there is no offer, and goes back to the loans menu', async () => {
    const { input, send, fake } = await member(0n);
    fake.loanLimit = 0n;
    await input('5');
    const refused = await input('1');
    expect(refused.matches({ loans: { apply: 'noSavings' } })).toBe(true);
    expect(journeyView(refused.context)).toMatchObject({ loanSaveMore: 'KES 34.00', loanBorrow: 'KES 100.00' });
    expect((await send({ type: 'BACK' })).matches({ loans: 'menu' })).toBe(true);
  });

  it('repays from the wallet up to what is owed, and shows the status', async () => {
    const { input, fake } = await member(0n);
    fake.loanLimit = 300_000n;
    for (const value of ['5', '1', '1000', '1', '1', '4826']) await input(value);
    const session = start(fake);
    await session.settled();
    await session.input('5');
    await session.input('2');
    expect((await session.input('1')).matches({ loans: { repay: 'askWalletAmount' } })).toBe(true);
    expect((await session.input('2000')).context.error).toBe('error.amountAbove');
    await session.input('400.50');
    expect((await session.input('4826')).matches({ loans: { repay: 'confirmWallet' } })).toBe(true);
    const repaid = await session.input('1');
    expect(repaid.matches({ loans: { repay: 'repaid' } })).toBe(true);
    expect(journeyView(repaid.context).loan?.outstanding).toBe('64950');
  });
});
