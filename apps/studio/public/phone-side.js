import { setToken } from './api.js';
import { createFormat } from './format.js';
import { createGatewayPanel } from './gateway-panel.js';
import { createHandset } from './handset.js';
import { createIvrPlayer } from './ivr-player.js';
import { createPhone } from './phone.js';
import { createSmsInbox } from './sms-inbox.js';

const $ = (id) => document.getElementById(id);
const GATEWAY_REFRESH_MS = 1500;
// A session's END screen (e.g. "we will call you back") stays this long before a call may ring over it.
const END_SCREEN_MS = 4000;

const randomNumber = (countryCode) => `+${countryCode}7${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * The phone side of the page: the handset (a USSD session, or a call-back ringing and the IVR
 * played), the SMS its number received and the fake gateway's panel. `follow(stateId)` moves
 * the chart's highlight to the state the session or the call is in.
 */
export function startPhoneSide({ settings, follow }) {
  const format = createFormat(settings);
  const error = $('phone-error');
  const stateLabel = $('current-state');
  const number = () => $('phone-number').value.replace(/\s/g, '');
  const handset = createHandset(
    {
      root: $('handset'),
      screen: $('screen'),
      title: $('screen-title'),
      budget: $('screen-budget'),
      note: $('screen-note'),
      reply: $('reply'),
      send: $('send'),
      end: $('cancel'),
      keypad: $('keypad'),
    },
    settings,
  );
  const sms = createSmsInbox({ container: $('sms-inbox'), format });
  let gateway;
  const onState = async (state) => {
    await follow(state);
    await gateway.refresh();
  };
  const phone = createPhone({ handset, stateLabel, error, onState });
  const player = createIvrPlayer({
    handset,
    stateLabel,
    error,
    onState: (state) => follow(state),
    onStatus: () => gateway.redraw(),
    onIdle: () => phone.reset(),
    // One thing at a time on the handset: no ringing over an open session, nor at once over its END
    // screen: the member reads it first, and dismissing it (Cancel) lets the call ring.
    mayRing: () => {
      if (phone.isOpen()) return false;
      const endedAt = phone.endedAt();
      return endedAt === undefined || Date.now() - endedAt >= END_SCREEN_MS;
    },
    voiceNumber: settings.voiceNumber,
  });
  gateway = createGatewayPanel({
    container: $('gateway'),
    error,
    format,
    callStatus: player.statusOf,
    onState: (state) => {
      sms.show(state.sms, number());
      player.notice(state.calls, number());
    },
  });

  const samples = [
    `+${settings.countryCode}711000111`,
    `+${settings.countryCode}711000222`,
    randomNumber(settings.countryCode),
  ];
  $('sample-phones').innerHTML = samples.map((sample) => `<option value="${sample}"></option>`).join('');
  $('phone-number').value = samples[0];
  $('phone-number').addEventListener('change', () => gateway.refresh());
  $('service-code').value = settings.serviceCode;
  $('token-field').hidden = !settings.tokenRequired;
  $('token').addEventListener('change', (event) => setToken(event.target.value));
  $('new-number').addEventListener('click', () => {
    $('phone-number').value = randomNumber(settings.countryCode);
    gateway.refresh();
  });

  /**
   * The handset is free to dial: a call that rings or is live keeps it (Cancel declines or hangs
   * up first), and an ended call still shown is dismissed.
   */
  async function freeToDial() {
    if (player.inCall()) {
      error.textContent = 'A call is on the handset: Cancel declines or hangs it up before you dial.';
      return false;
    }
    if (player.holdsHandset()) await player.cancel();
    return true;
  }
  const dialService = () => phone.dial(number(), $('service-code').value, settings.serviceCode);
  const dial = async () => {
    if (await freeToDial()) await dialService();
  };
  $('dial').addEventListener('click', dial);
  $('reset').addEventListener('click', async () => {
    if (!(await freeToDial())) return;
    await phone.reset();
    await dialService();
  });
  // The Send key: answers a ringing call, sends the typed reply, or dials what was typed (a
  // code such as *384*303#) or the service code.
  $('phone').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('reply').value;
    $('reply').value = '';
    if (player.ringing()) return player.answer();
    if (player.holdsHandset()) return undefined;
    if (phone.isOpen()) return phone.type(input);
    return input.startsWith('*') ? phone.dial(number(), input, settings.serviceCode) : dial();
  });
  handset.onDigit((digit) => (player.holdsHandset() ? player.press(digit) : handset.typeDigit(digit)));
  handset.onEnd(() => (player.holdsHandset() ? player.cancel() : phone.cancel()));
  $('clear').addEventListener('click', () => {
    $('reply').value = $('reply').value.slice(0, -1);
    if (!$('reply').disabled) $('reply').focus();
  });

  gateway.refresh();
  setInterval(() => {
    if (document.visibilityState === 'visible') gateway.refresh();
  }, GATEWAY_REFRESH_MS);
}
