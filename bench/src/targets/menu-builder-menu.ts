/**
 * A ussd-menu-builder menu as deep as the service's: a 7-option main menu, a 3-option
 * account submenu, free-text name and city inputs, with the session kept in Redis through
 * the library's sessionConfig hooks.
 */
import type { Redis } from 'ioredis';
import UssdMenu from 'ussd-menu-builder';
import { SESSION_TTL_MS } from './server-env.js';

const MAIN_MENU = [
  'Welcome to Bench SACCO',
  '1. Deposit',
  '2. Withdraw',
  '3. Balance',
  '4. Loans',
  '5. Statement',
  '6. My account',
  '7. Help',
].join('\n');

const ACCOUNT_MENU = ['My account', '1. Change name', '2. Change city', '3. Change PIN', '0. Back'].join('\n');

// Free text as the library matches it: a rule key starting with '*' is a regular expression.
const NAME_RULE = "*^[A-Za-z][A-Za-z .'-]{1,39}$";
const CITY_RULE = '*^[A-Za-z][A-Za-z .-]{1,29}$';

// A failed session call also emits the menu's 'error' event, which answers the request.
const reportedAsMenuError = () => {};

/**
 * Builds a fresh menu for one request. The library keeps the request's args, input and
 * result callback on the instance, so one shared instance mixes up concurrent sessions;
 * a menu per request is the only correct way to serve many sessions at once.
 */
export function buildMenu(redis: Redis): UssdMenu {
  const menu = new UssdMenu();
  const key = (sessionId: string) => `bench:umb:${sessionId}`;

  menu.sessionConfig({
    // Runs on every hop before the state: keeps the session alive for another TTL.
    start: (sessionId) => redis.pexpire(key(sessionId), SESSION_TTL_MS),
    end: (sessionId) => redis.del(key(sessionId)),
    set: (sessionId, field, value) =>
      Promise.all([redis.hset(key(sessionId), field, String(value)), redis.pexpire(key(sessionId), SESSION_TTL_MS)]),
    get: (sessionId, field) => redis.hget(key(sessionId), field),
  });

  menu.startState({
    run: () => menu.con(MAIN_MENU),
    next: {
      '1': 'deposit',
      '2': 'withdraw',
      '3': 'balance',
      '4': 'loans',
      '5': 'statement',
      '6': 'account',
      '7': 'help',
    },
  });

  // Options the benchmark session does not take still exist, as they would in a real menu.
  menu.state('deposit', { run: () => menu.con('Enter amount to deposit:'), next: { '*^\\d+$': 'deposit.amount' } });
  menu.state('deposit.amount', { run: () => menu.end(`Deposit of KES ${menu.val} requested.`) });
  menu.state('withdraw', { run: () => menu.con('Enter amount to withdraw:'), next: { '*^\\d+$': 'withdraw.amount' } });
  menu.state('withdraw.amount', { run: () => menu.end(`Withdrawal of KES ${menu.val} requested.`) });
  menu.state('balance', { run: () => menu.end('Your balance is KES 0.00') });
  menu.state('loans', { run: () => menu.end('You have no loans.') });
  menu.state('statement', { run: () => menu.end('Your statement will be sent by SMS.') });
  menu.state('help', { run: () => menu.end('Call 0700 000 000 for help.') });

  menu.state('account', {
    run: () => menu.con(ACCOUNT_MENU),
    next: { '1': 'account.name', '2': 'account.city', '3': 'account.pin', '0': '__start__' },
  });
  menu.state('account.name', {
    run: () => menu.con('Enter your full name:'),
    next: { [NAME_RULE]: 'account.name.save' },
  });
  menu.state('account.name.save', {
    run: () => {
      menu.session
        .set('name', menu.val)
        .then(() => menu.con('Enter your city:'))
        .catch(reportedAsMenuError);
    },
    next: { [CITY_RULE]: 'account.city.save' },
  });
  menu.state('account.city', { run: () => menu.con('Enter your city:'), next: { [CITY_RULE]: 'account.city.save' } });
  menu.state('account.city.save', {
    run: () => {
      const city = menu.val;
      menu.session
        .get('name')
        .then((name: string | null) => menu.end(`Saved: ${name ?? '-'}, ${city}`))
        .catch(reportedAsMenuError);
    },
  });
  menu.state('account.pin', { run: () => menu.end('PIN change is not available.') });

  return menu;
}
