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
 * Turns one input into the event for the machine. An input that is exactly a navigation key
 * navigates on every screen, amount, phone and PIN screens included: no amount is `0`, no
 * phone number is `0` or `00`, and a PIN has four digits. A longer input that starts with `0`
 * (`0712345678`, `00254712345678`) is a number like any other (docs/navigation.md).
 */
export function inputToEvent(input: string, kind: InputKind, keys: NavigationKeys): UssdEvent {
  const trimmed = input.trim();
  if (kind !== 'none') {
    if (trimmed === keys.back) return { type: 'BACK' };
    if (trimmed === keys.home) return { type: 'HOME' };
  }
  return { type: 'INPUT', value: trimmed };
}
