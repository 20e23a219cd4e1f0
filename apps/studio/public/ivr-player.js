import { gatewayUrl } from './api.js';
import { createCallStatuses } from './call-statuses.js';
import { plural } from './html.js';
import { showingProblems } from './problems.js';
import { readVoiceXml } from './voice-xml.js';

// A call placed longer ago than this rang out before the page saw it.
const RING_WINDOW_MS = 120_000;
// How long the handset rings before the call counts as not answered.
const RING_MS = 60_000;

// The last request of a call that was answered and ended normally, as the gateway words it.
const COMPLETED = { callSessionState: 'Completed', hangupCause: 'NORMAL_CLEARING', status: 'Success' };

/** The tab's sessionStorage; none where the browser refuses it. */
function tabStorage() {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

const digitsOf = (phone) => String(phone ?? '').replace(/\D/g, '');

/**
 * The handset's side of a call-back: when the fake voice provider has placed a call to the
 * handset's number it rings; answering posts to the real `POST /voice/callback` as Africa's
 * Talking does (sessionId, isActive, direction, callerNumber, destinationNumber, dtmfDigits), the
 * IVR's XML is shown as the words it says, keys go as `dtmfDigits`, and hanging up sends the
 * last request (`isActive=0`). Each turn's `x-ivr-state` goes to `onState`, for the IVR chart.
 */
export function createIvrPlayer({ handset, stateLabel, error, onState, onStatus, onIdle, mayRing, voiceNumber }) {
  // Kept for the tab: after a reload the panel still says what became of each call.
  const statuses = createCallStatuses(tabStorage());
  let call;
  let timer;

  const setStatus = (id, status) => {
    statuses.set(id, status);
    onStatus();
  };
  const stopTimer = () => clearTimeout(timer);
  const seconds = (from) => Math.round((Date.now() - from) / 1000);

  async function post(fields) {
    const body = new URLSearchParams({
      sessionId: call.id,
      direction: 'Outbound',
      callerNumber: call.phone,
      ...(voiceNumber ? { destinationNumber: voiceNumber } : {}),
      ...fields,
    });
    const response = await fetch(gatewayUrl('/voice/callback'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`The voice callback answered ${response.status}: ${text}`);
    return { xml: text, state: response.headers.get('x-ivr-state') ?? undefined };
  }

  const run = showingProblems(error);

  function showCall(note) {
    handset.show({
      mode: 'call',
      heading: `In call · ${call.from}`,
      text: call.said.join('\n'),
      raw: call.xml,
      note,
    });
    handset.setSendable(false);
  }

  /** The last request of the call, as the gateway sends it when the line drops. */
  async function finish(fields, status) {
    stopTimer();
    const ended = call;
    call = { ...ended, over: true };
    setStatus(ended.id, status);
    await post({ isActive: '0', ...fields });
    handset.show({
      mode: 'hung-up',
      heading: 'Call ended',
      text: ended.said.length > 0 ? ended.said.join('\n') : 'Call ended.',
      raw: ended.xml ?? '',
      note: `Call over: ${status}. Cancel dismisses it.`,
    });
    stateLabel.textContent = 'call ended';
  }

  /** One turn of the IVR: a request, its XML shown as what the caller hears. */
  async function turn(fields) {
    stopTimer();
    const { xml, state } = await post({ isActive: '1', ...fields });
    const actions = readVoiceXml(xml);
    call = { ...call, xml, said: actions.said, waiting: actions.getDigits !== undefined, dial: actions.dial };
    if (actions.getDigits !== undefined) {
      showCall(`Press a key (${plural(actions.getDigits.numDigits, 'digit')}). Cancel hangs up.`);
      // No key in time: the gateway runs what follows GetDigits, a Redirect back to the IVR.
      timer = setTimeout(() => run(() => turn({})), actions.getDigits.timeoutSeconds * 1000);
    } else if (actions.dial !== undefined) {
      call = { ...call, dialledAt: Date.now() };
      showCall(`Connected to ${actions.dial.join(', ')}. Cancel hangs up.`);
    }
    stateLabel.textContent = state ?? '(not reported)';
    await onState(state);
    if (actions.ends) {
      await finish({ durationInSeconds: String(seconds(call.answeredAt)), ...COMPLETED }, 'ended by the IVR');
    }
  }

  /**
   * Rings for the newest call placed to `phone` that has not rung yet, once `mayRing()` lets the
   * handset go (no USSD session open, an ended one's last screen seen); until then it waits.
   */
  function notice(calls, phone) {
    if (call !== undefined && !call.over) return;
    if (!mayRing()) return;
    const fresh = (calls ?? []).filter(
      (c) =>
        digitsOf(c.to) === digitsOf(phone) &&
        !statuses.has(c.providerSessionId) &&
        Date.now() - Date.parse(c.calledAt) < RING_WINDOW_MS,
    );
    const next = fresh.at(-1);
    if (next === undefined) return;
    call = { id: next.providerSessionId, phone: next.to, from: voiceNumber || 'your SACCO', said: [], over: false };
    setStatus(call.id, 'ringing');
    handset.show({
      mode: 'ringing',
      heading: 'Incoming call',
      text: `${call.from}\ncalling...`,
      note: 'Send answers, Cancel declines.',
    });
    handset.setSendable(true);
    stopTimer();
    timer = setTimeout(
      () =>
        run(() =>
          finish({ durationInSeconds: '0', callSessionState: 'NotAnswered', hangupCause: 'NO_ANSWER' }, 'not answered'),
        ),
      RING_MS,
    );
  }

  function answer() {
    if (statuses.get(call?.id) !== 'ringing') return Promise.resolve();
    call = { ...call, answeredAt: Date.now() };
    setStatus(call.id, 'answered');
    return run(() => turn({}));
  }

  function press(digit) {
    if (call === undefined || call.over || !call.waiting) return Promise.resolve();
    call = { ...call, waiting: false };
    return run(() => turn({ dtmfDigits: digit }));
  }

  /** The Cancel key: declines a ringing call, hangs up a live one, dismisses an ended one. */
  function cancel() {
    if (call === undefined) return Promise.resolve();
    if (call.over) {
      call = undefined;
      return onIdle();
    }
    if (statuses.get(call.id) === 'ringing') {
      return run(() =>
        finish({ durationInSeconds: '0', callSessionState: 'NotAnswered', hangupCause: 'CALL_REJECTED' }, 'declined'),
      );
    }
    const dialled =
      call.dialledAt === undefined
        ? {}
        : { dialDestinationNumber: call.dial.join(','), dialDurationInSeconds: String(seconds(call.dialledAt)) };
    return run(() =>
      finish({ durationInSeconds: String(seconds(call.answeredAt)), ...COMPLETED, ...dialled }, 'hung up'),
    );
  }

  return {
    notice,
    answer,
    press,
    cancel,
    /** True while a call rings, is live, or is shown ended: the keys are the call's. */
    holdsHandset: () => call !== undefined,
    /** True while a call rings or is live, not once it is over. */
    inCall: () => call !== undefined && !call.over,
    ringing: () => call !== undefined && statuses.get(call.id) === 'ringing',
    /** What became of a placed call on this handset, for the gateway panel. */
    statusOf: (providerSessionId) => statuses.get(providerSessionId),
  };
}
