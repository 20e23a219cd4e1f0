import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

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
      choose('5', 'loans'),
      choose('6', 'account'),
      choose('7', 'callMe'),
      { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
    ],
  },
});
