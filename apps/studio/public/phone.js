import { gatewayUrl } from './api.js';

/**
 * The simulated phone. It posts to the real `POST /ussd/callback` exactly as Africa's
 * Talking does: one session id per dial, and `text` growing by `*input` on every hop.
 */
export function createPhone({ screen, stateLabel, reply, send, error, onState }) {
  let session;

  const newSessionId = () => `studio-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

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
    const text = await response.text();
    if (response.status === 403) throw new Error('The gateway routes want the webhook token: type it above.');
    if (!response.ok) throw new Error(`The service answered ${response.status}: ${text}`);
    const state = response.headers.get('x-ussd-state') ?? undefined;
    const ended = text.startsWith('END ');
    screen.textContent = text;
    screen.classList.toggle('ended', ended);
    stateLabel.textContent = state ?? '(not reported)';
    reply.disabled = ended;
    send.disabled = ended;
    if (ended) session.ended = true;
    else reply.focus();
    await onState(state);
  }

  async function run(work) {
    error.textContent = '';
    try {
      await work();
    } catch (problem) {
      error.textContent = problem instanceof Error ? problem.message : String(problem);
    }
  }

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

  function reset() {
    session = undefined;
    screen.textContent = 'Dial the service code to start.';
    screen.classList.remove('ended');
    stateLabel.textContent = 'none';
    reply.disabled = true;
    send.disabled = true;
    error.textContent = '';
    return onState(undefined);
  }

  return { dial, type, reset };
}
