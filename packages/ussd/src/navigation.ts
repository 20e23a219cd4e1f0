import type { InputKind, UssdEvent } from './ussd-app.js';

/** The keys a member types to move around; configurable per deployment. */
export interface NavigationKeys {
  /** Back one screen (or one page of a long screen). Default `0`. */
  readonly back: string;
  /** Straight to the main menu. Default `00`. */
  readonly home: string;
  /** The next page of a long screen. Default `98`. */
  readonly more: string;
}

export const DEFAULT_NAVIGATION: NavigationKeys = { back: '0', home: '00', more: '98' };

/**
 * Turns one input into the event for the machine. Navigation keys only mean navigation
 * where the screen does not take a free number: on an amount or PIN screen `0` is an input.
 */
export function inputToEvent(input: string, kind: InputKind, keys: NavigationKeys): UssdEvent {
  const trimmed = input.trim();
  if (kind === 'choice' || kind === 'text') {
    if (trimmed === keys.back) return { type: 'BACK' };
    if (trimmed === keys.home) return { type: 'HOME' };
  }
  return { type: 'INPUT', value: trimmed };
}
