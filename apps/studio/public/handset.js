import { LINE_WIDTH, screenCost, wrapText } from './screen-text.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * The handset's face: a screen LINE_WIDTH characters wide that wraps what it is given, the
 * 182-character budget of a USSD screen, a keypad and its Send and Cancel keys. It shows; what
 * a key does (a USSD reply, a key pressed in a call) is for whoever listens to it.
 */
export function createHandset({ root, screen, title, budget, note, reply, send, end, keypad }, { screenBudget }) {
  const listeners = { digit: () => {}, end: () => {} };

  keypad.innerHTML = KEYS.map(
    (key) => `<button type="button" class="key" data-key="${key}" aria-label="Key ${key}">${key}</button>`,
  ).join('');
  keypad.addEventListener('click', (event) => {
    const key = event.target.closest('button[data-key]');
    if (key !== null) listeners.digit(key.dataset.key);
  });
  end.addEventListener('click', () => listeners.end());
  // A click on a key leaves the focus where it was (the reply line): a key that kept it would be
  // pressed again by the space bar, which is meant to type a space into the reply.
  root.addEventListener('mousedown', (event) => {
    if (event.target.closest('button') !== null) event.preventDefault();
  });

  /**
   * Shows one screen. `raw` is what the service answered, kept whole in `data-raw` for tests;
   * `text` is what the screen shows (wrapped here); `cost`, when given, is counted against the
   * budget. `mode` (idle, ussd, ended, ringing, call, hung-up) styles the handset.
   */
  function show({ mode, heading, text, raw = '', note: hint = '', cost, typing = false }) {
    root.dataset.mode = mode;
    title.textContent = heading;
    screen.textContent = wrapText(text, LINE_WIDTH).join('\n');
    screen.dataset.raw = raw;
    screen.dataset.text = text;
    note.textContent = hint;
    if (cost === undefined) {
      budget.textContent = '';
      budget.classList.remove('over');
    } else {
      budget.textContent = `${cost}/${screenBudget}`;
      budget.classList.toggle('over', cost > screenBudget);
    }
    reply.disabled = !typing;
    if (typing) reply.focus();
  }

  return {
    show,
    /** Shows a USSD reply as the phone does: no `CON`/`END`, wrapped, counted against the budget. */
    showReply(raw, { ended, text }, heading) {
      show({
        mode: ended ? 'ended' : 'ussd',
        heading,
        text,
        raw,
        cost: screenCost(raw),
        note: ended ? 'Session ended. Cancel dismisses it.' : '',
        typing: !ended,
      });
    },
    /** Types a digit into the reply, as the keypad does while a USSD screen waits. */
    typeDigit(digit) {
      if (reply.disabled) return;
      reply.value += digit;
      reply.focus();
    },
    /** Sets whether the Send key does anything now. */
    setSendable(sendable) {
      send.disabled = !sendable;
    },
    onDigit(listener) {
      listeners.digit = listener;
    },
    onEnd(listener) {
      listeners.end = listener;
    },
  };
}
