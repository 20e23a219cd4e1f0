import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

// The entries whose journeys are not built yet answer with a clear END until they are.
const NOT_YET_AVAILABLE = ['1', '2', '3', '4', '5', '7'] as const;

export const mainMenu = sessionSetup.createStateConfig({
  ...showsScreen('screen.mainMenu', 'choice'),
  on: {
    BACK: { actions: { type: 'reject', params: { error: 'error.noBack' } } },
    INPUT: [
      { guard: { type: 'inputIs', params: { value: '6' } }, target: 'account' },
      ...NOT_YET_AVAILABLE.map((value) => ({
        guard: { type: 'inputIs' as const, params: { value } },
        target: 'unavailable' as const,
      })),
      { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
    ],
  },
});
