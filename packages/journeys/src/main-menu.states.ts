import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

// The entries whose journeys are not built yet answer with a clear END until they are.
const NOT_YET_AVAILABLE = ['5', '7'] as const;

const choose = (value: string, target: string) => ({
  guard: { type: 'inputIs' as const, params: { value } },
  target,
});

export const mainMenu = sessionSetup.createStateConfig({
  ...showsScreen('screen.mainMenu', 'choice'),
  on: {
    BACK: { actions: { type: 'reject', params: { error: 'error.noBack' } } },
    INPUT: [
      choose('1', 'deposit'),
      choose('2', 'withdraw'),
      choose('3', 'sendMoney'),
      choose('4', 'airtime'),
      choose('6', 'account'),
      ...NOT_YET_AVAILABLE.map((value) => choose(value, 'unavailable')),
      { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
    ],
  },
});
