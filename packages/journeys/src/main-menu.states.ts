import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * The main menu: option 1 starts the first of `journeys`, 2 the second... (their names are the
 * session machine's top-level states; the menu's text is `screen.mainMenu` in the catalogs).
 */
export function mainMenuOf(journeys: readonly string[]) {
  return sessionSetup.createStateConfig({
    ...showsScreen('screen.mainMenu', 'choice'),
    on: {
      BACK: { actions: { type: 'reject', params: { error: 'error.noBack' } } },
      INPUT: [
        ...journeys.map((target, i) => ({
          guard: { type: 'inputIs' as const, params: { value: String(i + 1) } },
          target,
        })),
        { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
      ],
    },
  });
}
