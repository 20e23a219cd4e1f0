import { gatewayUrl, getJson } from './api.js';
import { escapeHtml, plural } from './html.js';
import { readPaymentCallback } from './payment-callback.js';

const newestFirst = (items) => [...(items ?? [])].reverse();

function section(title, items, render) {
  if (items.length === 0) return '';
  return `<h3>${escapeHtml(title)} (${items.length})</h3><ul>${items.map(render).join('')}</ul>`;
}

/** One row: a headline, then its facts (empty ones left out), all escaped. */
function row(headline, facts, extra = '') {
  const shown = facts.filter((fact) => fact !== undefined && fact !== null && fact !== '');
  return `<li><strong>${escapeHtml(headline)}</strong> ${extra}<br><span class="facts">${escapeHtml(shown.join(' · '))}</span></li>`;
}

function decisionButtons(kind, id) {
  return ['approve', 'decline']
    .map(
      (decision) =>
        `<button type="button" data-decision="${decision}" data-kind="${kind}" data-id="${escapeHtml(id)}">${decision}</button>`,
    )
    .join(' ');
}

/**
 * What the fake providers did, from `GET /fake-provider`: payments and airtime waiting for the
 * operator (FAKE_PAYMENTS=manual) with approve and decline buttons, what each payment callback
 * told the service, airtime with its outcome, SMS and calls, money in the institution's
 * currency and times in its zone. `callStatus` says what the handset did with a placed call.
 */
export function createGatewayPanel({ container, error, format, callStatus, onState }) {
  let last;

  function render(state) {
    const payment = (p) =>
      row(
        `${p.kind} ${format.major(p.amount)}`,
        [p.kind === 'deposit' ? `from ${p.phone}` : `to ${p.phone}`, `received ${format.time(p.receivedAt)}`],
        decisionButtons('payments', p.providerRequestId),
      );
    const airtime = (a, buttons = '') =>
      row(
        `${format.minor(a.amountMinor)} to ${a.phone}`,
        [a.outcome === 'pending' ? 'waiting' : a.outcome, `sent ${format.time(a.sentAt)}`],
        buttons,
      );
    const callback = (c) => {
      const outcome = readPaymentCallback(c);
      const delivery = c.delivered
        ? `delivered (${plural(c.attempts, 'attempt')})`
        : `not delivered yet: ${c.lastOutcome ?? 'waiting'} (${plural(c.attempts, 'attempt')})`;
      return row(`${outcome.route}: ${outcome.code ?? '?'} ${outcome.description ?? ''}`, [
        format.major(outcome.amount),
        outcome.receipt ? `receipt ${outcome.receipt}` : '',
        outcome.phone ? String(outcome.phone) : '',
        `sent ${format.time(c.sentAt)}`,
        delivery,
      ]);
    };
    const call = (c) =>
      row(`${c.to}`, [
        callStatus(c.providerSessionId) ?? 'placed',
        `placed ${format.time(c.calledAt)}`,
        c.providerSessionId,
      ]);
    const html = [
      section('Payments waiting', state.payments?.pending ?? [], payment),
      section('Airtime waiting', state.airtime?.pending ?? [], (a) =>
        airtime(a, decisionButtons('airtime', a.providerRequestId)),
      ),
      section('Payment callbacks', newestFirst(state.payments?.callbacks), callback),
      section('Airtime sent', newestFirst(state.airtime?.sent), (a) => airtime(a)),
      section('Calls placed', newestFirst(state.calls), call),
      section('SMS sent', newestFirst(state.sms), (m) => row(`${m.to}`, [format.time(m.sentAt), m.text])),
    ].join('');
    container.innerHTML = html === '' ? '<p class="muted">Nothing yet.</p>' : html;
  }

  async function refresh() {
    try {
      last = await getJson(gatewayUrl('/fake-provider'));
    } catch {
      container.innerHTML = '<p class="muted">No fake providers here (real providers, or a token is needed).</p>';
      return;
    }
    render(last);
    await onState(last);
  }

  container.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-decision]');
    if (button === null) return;
    const { kind, id, decision } = button.dataset;
    button.disabled = true;
    const response = await fetch(gatewayUrl(`/fake-provider/${kind}/${encodeURIComponent(id)}/${decision}`), {
      method: 'POST',
    });
    if (!response.ok) error.textContent = `The fake provider answered ${response.status}.`;
    await refresh();
  });

  /** Draws the last state again, when something the panel shows changed on the page (a call's status). */
  const redraw = () => {
    if (last !== undefined) render(last);
  };
  return { refresh, redraw };
}
