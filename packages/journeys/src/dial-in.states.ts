import { WORKING_TAG } from '@sacco/ussd';
import { effectOutput } from './effects/registry.js';
import { sessionSetup } from './session.setup.js';

/** A locked member dialling in: how long until they may try again. */
export interface LockedContext {
  readonly kind: 'locked';
  readonly id: string;
  readonly lockedMinutes: number;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    locked: LockedContext;
  }
}

/**
 * Who is calling: unknown numbers register, locked members are told so, members whose PIN an
 * operator reset choose a new one first (or, the one-time PIN expired, are told to ask for a new
 * one: typing it could only count as a wrong PIN), others get the menu.
 */
export const dialIn = sessionSetup.createStateConfig({
  tags: [WORKING_TAG],
  invoke: {
    src: 'lookUpCaller',
    input: ({ context }) => ({ phone: context.phone }),
    onDone: [
      { guard: { type: 'resultIs', params: { status: 'unknown' } }, target: 'registration' },
      {
        guard: { type: 'resultIs', params: { status: 'locked' } },
        target: 'locked',
        actions: { type: 'rememberLockedMinutes', params: effectOutput },
      },
      { guard: { type: 'resultIs', params: { status: 'reset-expired' } }, target: 'resetExpired' },
      {
        guard: { type: 'resultIs', params: { status: 'reset' } },
        target: 'pinReset',
        actions: { type: 'rememberMember', params: effectOutput },
      },
      { target: 'mainMenu', actions: { type: 'rememberMember', params: effectOutput } },
    ],
    onError: 'failure',
  },
});
