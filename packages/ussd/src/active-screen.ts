import type { AnyMachineSnapshot } from 'xstate';
import type { ScreenMeta } from './ussd-app.js';

export interface ActiveScreen {
  /** The id of the deepest active state that shows a screen, e.g. `session.registration.askName`. */
  readonly stateId: string;
  readonly meta: ScreenMeta;
}

function isScreenMeta(meta: unknown): meta is ScreenMeta {
  return typeof meta === 'object' && meta !== null && typeof (meta as ScreenMeta).screen === 'string';
}

/** The screen a snapshot shows: the `meta.screen` of its deepest active state that has one. */
export function activeScreen(snapshot: AnyMachineSnapshot): ActiveScreen {
  let found: ActiveScreen | undefined;
  let depth = -1;
  for (const [stateId, meta] of Object.entries(snapshot.getMeta())) {
    if (!isScreenMeta(meta)) continue;
    const stateDepth = stateId.split('.').length;
    if (stateDepth > depth) {
      found = { stateId, meta };
      depth = stateDepth;
    }
  }
  if (found === undefined) {
    throw new Error(`no active state of ${JSON.stringify(snapshot.value)} declares a screen`);
  }
  return found;
}
