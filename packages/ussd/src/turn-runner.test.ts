import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { assign, fromPromise, setup } from 'xstate';
import { createMemorySessionBackend } from './memory-session-backend.js';
import { DEFAULT_NAVIGATION } from './navigation.js';
import { WORKING_TAG } from './settle.js';
import { createTurnRunner, type Hop, type TurnRunnerOptions } from './turn-runner.js';
import type { ScreenMeta, UssdApp, UssdEvent } from './ussd-app.js';

// A toy journey that exercises every engine rule without any journey of the product.
const LIST = Array.from({ length: 24 }, (_, i) => `${i + 1}. Item number ${i + 1}`).join('\n');

function toyApp(options: { version?: number; greet?: () => Promise<void> } = {}): UssdApp {
  const machine = setup({
    types: {
      context: {} as { name: string; amount: string; error: string | null },
      events: {} as UssdEvent,
      meta: {} as ScreenMeta,
    },
    actors: {
      greet: fromPromise(async () => options.greet?.()),
      stall: fromPromise(() => new Promise<void>(() => undefined)),
    },
  }).createMachine({
    id: 'toy',
    context: { name: '', amount: '', error: null },
    initial: 'menu',
    on: { BACK: { actions: assign({ error: 'no back' }) }, HOME: '.menu' },
    states: {
      menu: {
        meta: { screen: 'menu', input: 'choice' },
        on: {
          INPUT: [
            { guard: ({ event }) => event.value === '1', target: 'name' },
            { guard: ({ event }) => event.value === '2', target: 'list' },
            { guard: ({ event }) => event.value === '3', target: 'stalling' },
            { guard: ({ event }) => event.value === '4', target: 'amount' },
            { actions: assign({ error: 'invalid' }) },
          ],
        },
      },
      name: {
        meta: { screen: 'name', input: 'text' },
        on: { BACK: 'menu', INPUT: { target: 'greeting', actions: assign({ name: ({ event }) => event.value }) } },
      },
      greeting: { tags: [WORKING_TAG], invoke: { src: 'greet', onDone: 'greeted' } },
      greeted: { type: 'final', meta: { screen: 'greeted', input: 'none' } },
      list: {
        meta: { screen: 'list', input: 'choice' },
        on: { BACK: 'menu', INPUT: { target: 'picked', actions: assign({ name: ({ event }) => event.value }) } },
      },
      picked: { type: 'final', meta: { screen: 'picked', input: 'none' } },
      stalling: { tags: [WORKING_TAG], invoke: { src: 'stall' } },
      amount: {
        meta: { screen: 'amount', input: 'number' },
        on: { INPUT: { target: 'picked', actions: assign({ name: ({ event }) => `amount ${event.value}` }) } },
      },
    },
  });

  const screens: Record<string, (c: { name: string }) => string> = {
    menu: () => '1. Name\n2. List\n3. Stall\n4. Amount',
    name: () => 'Your name:',
    greeted: (c) => `Hello ${c.name}`,
    list: () => LIST,
    picked: (c) => `Picked ${c.name}`,
    amount: () => 'Amount:',
  };
  return {
    machineId: 'toy',
    version: options.version ?? 1,
    machine,
    createInput: () => ({}),
    languageOf: () => 'en',
    renderScreen: (screen, snapshot) => {
      const context = snapshot.context as { name: string; error: string | null };
      const text = screens[screen]?.(context) ?? `?${screen}`;
      return context.error === null ? text : `${context.error}\n${text}`;
    },
    systemText: (message) => `[${message}]`,
  };
}

const hashText = (text: string) => createHmac('sha256', 'k').update(text).digest('base64url');

function runner(app: UssdApp, overrides: Partial<TurnRunnerOptions> = {}) {
  const backend = overrides.backend ?? createMemorySessionBackend();
  const turns = createTurnRunner({
    app,
    backend,
    hashText,
    sessionTtlMs: 180_000,
    deadlineMs: 1_000,
    screenBudget: 182,
    navigation: DEFAULT_NAVIGATION,
    rateLimit: { hops: 1000, windowMs: 60_000 },
    defaultLanguage: 'en',
    ...overrides,
  });
  const hop = (text: string, sessionId = 's1'): Hop => ({
    sessionId,
    phoneNumber: '+254700000001',
    serviceCode: '*384*303#',
    networkCode: '99999',
    text,
  });
  return { turns, backend, send: (text: string, sessionId?: string) => turns.run(hop(text, sessionId)) };
}

describe('turn runner', () => {
  it('shows the first screen on a plain dial and ends on a final state', async () => {
    const { send } = runner(toyApp());
    expect((await send('')).reply).toBe('CON 1. Name\n2. List\n3. Stall\n4. Amount');
    expect((await send('1')).reply).toBe('CON Your name:');
    const last = await send('1*Ann');
    expect(last.reply).toBe('END Hello Ann');
    expect(last.state).toBe('toy.greeted');
  });

  it('feeds every input of a shortcut dial in order', async () => {
    const { send } = runner(toyApp());
    const result = await send('1*Ann');
    expect(result.reply).toBe('END Hello Ann');
    expect(result.inputs).toEqual(['1', 'Ann']);
  });

  it('takes a free input that contains a star as one input', async () => {
    const { send } = runner(toyApp());
    await send('');
    await send('1');
    expect((await send('1*Mary*Ann')).reply).toBe('END Hello Mary*Ann');
  });

  it('answers a repeated hop from the store without running anything again', async () => {
    const greet = vi.fn(async () => undefined);
    const { send } = runner(toyApp({ greet }));
    await send('');
    await send('1');
    const first = await send('1*Ann');
    const again = await send('1*Ann');
    expect(again).toMatchObject({ reply: first.reply, outcome: 'ended' });
    expect(greet).toHaveBeenCalledTimes(1);

    await send('', 's2');
    const menuAgain = await send('', 's2');
    expect(menuAgain.outcome).toBe('repeat');
  });

  it('pages a long screen with 98 and 0 and still takes a choice', async () => {
    const { send } = runner(toyApp());
    const first = await send('2');
    expect(first.reply.startsWith('CON 1. Item number 1\n')).toBe(true);
    expect(first.reply.endsWith('[more]')).toBe(true);
    const second = await send('2*98');
    expect(second.reply).toMatch(/^CON \d+\. Item number/);
    expect(second.reply).not.toContain('1. Item number 1\n');
    expect(second.reply).toContain('[back]');
    expect((await send('2*98*0')).reply).toBe(first.reply);
    expect((await send('2*98*0*7')).reply).toBe('END Picked 7');
  });

  it('goes back with 0 and home with 00 where the screen takes no free number', async () => {
    const { send } = runner(toyApp());
    await send('1');
    expect((await send('1*0')).reply).toBe('CON 1. Name\n2. List\n3. Stall\n4. Amount');
    expect((await send('1*0*00')).reply).toBe('CON 1. Name\n2. List\n3. Stall\n4. Amount');
    expect((await send('1*0*00*0')).reply).toBe('CON no back\n1. Name\n2. List\n3. Stall\n4. Amount');
  });

  it('navigates with the bare keys on a free-number screen and passes numbers starting with 0 through', async () => {
    const { send } = runner(toyApp());
    await send('4');
    expect((await send('4*0')).reply).toBe('CON no back\nAmount:');
    expect((await send('4*0*07')).reply).toBe('END no back\nPicked amount 07');
  });

  it('keeps the member on the same screen when the text does not follow on', async () => {
    const { send } = runner(toyApp());
    await send('1');
    const odd = await send('2*5');
    expect(odd).toMatchObject({ outcome: 'mismatch', reply: 'CON Your name:' });
    expect((await send('2*5*Ann')).reply).toBe('END Hello Ann');
  });

  it('starts a session saved by another machine version again, with a notice', async () => {
    const backend = createMemorySessionBackend();
    await runner(toyApp({ version: 1 }), { backend }).send('1');
    const result = await runner(toyApp({ version: 2 }), { backend }).send('1*Ann');
    expect(result.outcome).toBe('restarted');
    expect(result.reply).toBe('CON [restarted]\n1. Name\n2. List\n3. Stall\n4. Amount');
  });

  it('answers a polite END, never an apology, when the machine does not settle before the deadline', async () => {
    const { send } = runner(toyApp(), { deadlineMs: 100 });
    const result = await send('3');
    expect(result).toMatchObject({ outcome: 'timeout', reply: 'END [late]' });
    expect((await send('3')).reply).toBe('END [late]');
  });

  it('refuses hops beyond the rate limit of a phone', async () => {
    const { send } = runner(toyApp(), { rateLimit: { hops: 2, windowMs: 60_000 } });
    await send('', 'a');
    await send('', 'b');
    expect(await send('', 'c')).toMatchObject({ outcome: 'rate-limited', reply: 'END [rateLimited]' });
  });

  it('runs two deliveries of one hop one after the other, never both', async () => {
    const greet = vi.fn(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));
    const { send } = runner(toyApp({ greet }));
    await send('1');
    const [a, b] = await Promise.all([send('1*Ann'), send('1*Ann')]);
    expect(a.reply).toBe('END Hello Ann');
    expect(b.reply).toBe('END Hello Ann');
    expect([a.outcome, b.outcome].sort()).toEqual(['ended', 'ran']);
    expect(greet).toHaveBeenCalledTimes(1);
  });

  it('answers a polite END when the session store fails', async () => {
    const backend = createMemorySessionBackend();
    backend.store.open = async () => {
      throw new Error('store down');
    };
    const result = await runner(toyApp(), { backend }).send('');
    expect(result).toMatchObject({ outcome: 'error', reply: 'END [sorry]' });
  });
});
