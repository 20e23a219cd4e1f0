import { gatewayUrl } from './api.js';
import { showingProblems } from './problems.js';
import { readReply } from './screen-text.js';

/**
 * The simulated phone's USSD session. It posts to the real `POST /ussd/callback` exactly as
 * Africa's Talking does: one session id per dial, and `text` growing by `*input` on every hop.
 * The handset shows each reply as a feature phone would.
 */
export function createPhone({ handset, stateLabel, error, onState }) {
  let session;

  const newSessionId = () => `studio-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  function idle(message = 'Dial the service code to start.') {
    session = undefined;
    handset.show({ mode: 'idle', heading: 'Ready', text: message });
    handset.setSendable(true);
    stateLabel.textContent = 'none';
  }

  async function hop() {
    const body = new URLSearchParams({
      sessionId: session.id,
      serviceCode: session.serviceCode,
      phoneNumber: session.phone,
      networkCode: '63902',
      text: session.text,
    });
    const response = await fetch(gatewayUrl('/ussd/callback'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const raw = await response.text();
    if (response.status === 403) throw new Error('The gateway routes want the webhook token: type it above.');
    if (!response.ok) throw new Error(`The service answered ${response.status}: ${raw}`);
    const state = response.headers.get('x-ussd-state') ?? undefined;
    const reply = readReply(raw);
    session.ended = reply.ended;
    if (reply.ended) session.endedAt = Date.now();
    handset.showReply(raw, reply, session.serviceCode);
    handset.setSendable(!reply.ended);
    stateLabel.textContent = state ?? '(not reported)';
    await onState(state);
  }

  const run = showingProblems(error);

  /**
   * Dials `code` from `phone`. A longer code such as `*384*303*6*1#` is the gateway's
   * shortcut dial: the service code, with the rest sent as the first `text`.
   */
  function dial(phone, code, serviceCode) {
    const base = serviceCode.replace(/#$/, '');
    const shortcut = code.startsWith(`${base}*`) ? code.slice(base.length + 1).replace(/#$/, '') : '';
    session = { id: newSessionId(), phone, serviceCode, text: shortcut, ended: false };
    return run(hop);
  }

  function type(input) {
    if (session === undefined || session.ended) return Promise.resolve();
    session.text = session.text === '' ? input : `${session.text}*${input}`;
    return run(hop);
  }

  /**
   * The Cancel key: an open session is dropped (the gateway ends it; the service hears no more),
   * an ended one is dismissed. Either way the handset is ready to dial again.
   */
  function cancel() {
    const open = session !== undefined && !session.ended;
    idle(open ? 'Session cancelled.' : undefined);
    return onState(undefined);
  }

  function reset() {
    idle();
    error.textContent = '';
    return onState(undefined);
  }

  idle();
  return {
    dial,
    type,
    cancel,
    reset,
    isOpen: () => session !== undefined && !session.ended,
    /** When the ended session's last screen appeared, while the handset still shows it; else undefined. */
    endedAt: () => session?.endedAt,
  };
}
