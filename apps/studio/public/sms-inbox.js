import { escapeHtml } from './html.js';

const digitsOf = (phone) => String(phone ?? '').replace(/\D/g, '');

/**
 * The SMS the handset's number has received: the fake SMS provider's record of what the
 * service sent to it, newest first, with times in the institution's zone.
 */
export function createSmsInbox({ container, format }) {
  function show(messages, phone) {
    const mine = (messages ?? []).filter((m) => digitsOf(m.to) === digitsOf(phone)).reverse();
    container.innerHTML =
      mine.length === 0
        ? '<p class="muted">No SMS to this number yet.</p>'
        : `<ol class="sms-list">${mine
            .map(
              (m) =>
                `<li class="sms"><time datetime="${escapeHtml(m.sentAt)}">${escapeHtml(format.time(m.sentAt))}</time><p>${escapeHtml(m.text)}</p></li>`,
            )
            .join('')}</ol>`;
  }
  return { show };
}
