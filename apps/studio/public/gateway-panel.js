import { gatewayUrl, getJson } from './api.js';

const escapeHtml = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
const newestFirst = (items) => [...(items ?? [])].reverse();

function section(title, items, render) {
  if (items.length === 0) return '';
  return `<h3>${escapeHtml(title)} (${items.length})</h3><ul>${items.map(render).join('')}</ul>`;
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
 * What the fake providers did, from `GET /fake-provider`: SMS sent, payments and airtime
 * waiting for the operator (FAKE_PAYMENTS=manual) with approve and decline buttons, calls.
 */
export function createGatewayPanel({ container, error }) {
  async function refresh() {
    let state;
    try {
      state = await getJson(gatewayUrl('/fake-provider'));
    } catch {
      container.innerHTML = '<p class="muted">No fake providers here (real providers, or a token is needed).</p>';
      return;
    }
    const pendingPayments = state.payments?.pending ?? [];
    const pendingAirtime = state.airtime?.pending ?? [];
    const html = [
      section('Payments waiting', pendingPayments, (p) => {
        const label = `${p.kind} KES ${p.amount} ${p.phone}`;
        return `<li>${escapeHtml(label)} ${decisionButtons('payments', p.providerRequestId)}</li>`;
      }),
      section('Airtime waiting', pendingAirtime, (a) => {
        const label = `${a.amount ?? ''} to ${a.phone ?? a.phoneNumber ?? ''}`;
        return `<li>${escapeHtml(label)} ${decisionButtons('airtime', a.providerRequestId)}</li>`;
      }),
      section(
        'SMS sent',
        newestFirst(state.sms),
        (m) => `<li><strong>${escapeHtml(m.to)}</strong> ${time(m.sentAt)}<br>${escapeHtml(m.text)}</li>`,
      ),
      section(
        'Payment callbacks',
        newestFirst(state.payments?.callbacks),
        (c) => `<li>${escapeHtml(c.url.split('?')[0])} ${escapeHtml(c.status ?? '')}</li>`,
      ),
      section(
        'Airtime sent',
        newestFirst(state.airtime?.sent),
        (a) => `<li>${escapeHtml(`${a.amount ?? ''} to ${a.phone ?? a.phoneNumber ?? ''}: ${a.outcome}`)}</li>`,
      ),
      Array.isArray(state.calls)
        ? section(
            'Calls placed',
            newestFirst(state.calls),
            (c) => `<li>${escapeHtml(`${c.to ?? c.phone ?? ''} ${time(c.calledAt)}`)}</li>`,
          )
        : '',
    ].join('');
    container.innerHTML = html === '' ? '<p class="muted">Nothing yet.</p>' : html;
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

  return { refresh };
}
