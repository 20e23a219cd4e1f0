import type { InputKind } from '@sacco/ussd';
import type { ScreenKey } from './messages/catalog.js';

/**
 * The parts every state that shows a screen shares: its screen and input kind in `meta`
 * (read by the engine, the studio and the lint), and clearing the one-line error or notice
 * once the member moves on.
 */
export function showsScreen(screen: ScreenKey, input: InputKind, options: { dropsShortcut?: boolean } = {}) {
  return { meta: { screen, input, ...options }, exit: 'clearMessages' as const };
}

/** A final state: the engine answers `END` with this screen. */
export function endsWith(screen: ScreenKey) {
  return { type: 'final' as const, meta: { screen, input: 'none' as const } };
}
