import { escapeHtml } from './html.js';

const MAX_RESULTS = 12;
const SNIPPET_AROUND = 28;

/** The screen text on one line, as the search reads it. */
const flat = (text) => text.replace(/\s+/g, ' ').trim();

/** A short piece of `text` around `at`, the match marked. */
function snippet(text, at, length) {
  const start = Math.max(0, at - SNIPPET_AROUND);
  const end = Math.min(text.length, at + length + SNIPPET_AROUND);
  return `${start > 0 ? '…' : ''}${escapeHtml(text.slice(start, at))}<mark>${escapeHtml(text.slice(at, at + length))}</mark>${escapeHtml(text.slice(at + length, end))}${end < text.length ? '…' : ''}`;
}

/**
 * The search box: a state by its name or by its screen text in the current language, across
 * every chart. `loadIndex` gives the states (`{ chartId, chartTitle, stateId, texts }`, one per
 * state, on the chart that draws it most closely); picking one calls `onPick` with it.
 */
export function createChartSearch({ input, results, loadIndex, language, onPick }) {
  let found = [];
  /** The query the list shows, and the result highlighted in it: what Enter picks. */
  let listed;
  let active = 0;

  function close() {
    results.hidden = true;
    results.replaceChildren();
    found = [];
    listed = undefined;
  }

  /** The states whose name or text has the query, names first. */
  async function search(query) {
    const q = query.trim().toLowerCase();
    if (q.length < 2) return [];
    const entries = await loadIndex();
    const byName = [];
    const byText = [];
    for (const entry of entries) {
      const text = flat(entry.texts[language()] ?? '');
      const nameAt = entry.stateId.toLowerCase().indexOf(q);
      const textAt = text.toLowerCase().indexOf(q);
      if (nameAt >= 0) byName.push({ entry, text, at: textAt, length: q.length });
      else if (textAt >= 0) byText.push({ entry, text, at: textAt, length: q.length });
    }
    return [...byName, ...byText].slice(0, MAX_RESULTS);
  }

  /** Moves the highlight to result `i` (kept in the list), scrolled into view. */
  function highlight(i) {
    if (found.length === 0) return;
    active = Math.min(found.length - 1, Math.max(0, i));
    for (const button of results.querySelectorAll('button[data-result]')) {
      const on = Number(button.dataset.result) === active;
      button.classList.toggle('is-active', on);
      if (on) {
        button.setAttribute('aria-current', 'true');
        button.scrollIntoView({ block: 'nearest' });
      } else button.removeAttribute('aria-current');
    }
  }

  async function refresh() {
    const query = input.value;
    const shown = `${language()}:${query}`;
    if (shown === listed && !results.hidden) return;
    const next = await search(query);
    if (input.value !== query) return;
    if (query.trim().length < 2) return close();
    found = next;
    listed = shown;
    active = 0;
    results.hidden = false;
    results.innerHTML =
      found.length === 0
        ? '<li class="muted">No state has that name or text.</li>'
        : found
            .map(
              ({ entry, text, at, length }, i) =>
                `<li><button type="button" class="search-result" data-result="${i}"><strong>${escapeHtml(entry.stateId.replace(/^session\./, ''))}</strong>
                <span class="muted">${escapeHtml(entry.chartTitle)}</span>
                ${text === '' ? '' : `<span class="snippet">${at >= 0 ? snippet(text, at, length) : escapeHtml(text.slice(0, 2 * SNIPPET_AROUND))}</span>`}</button></li>`,
            )
            .join('');
    highlight(0);
  }

  function pick(i) {
    const result = found[i];
    if (result === undefined) return;
    close();
    input.blur();
    onPick(result.entry);
  }

  input.addEventListener('input', refresh);
  input.addEventListener('focus', refresh);
  input.addEventListener('keydown', async (event) => {
    if (event.key === 'Escape') close();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.hidden) await refresh();
      else highlight(active + (event.key === 'ArrowDown' ? 1 : -1));
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // The list shown is the query typed: Enter picks the result highlighted in it. Typed faster
    // than the list came, the list is made first, and its first result is picked.
    if (listed !== `${language()}:${input.value}` || results.hidden) await refresh();
    pick(active);
  });
  results.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-result]');
    if (button !== null) pick(Number(button.dataset.result));
  });
  // The pointer over a result highlights it, so that one result is highlighted, not two.
  results.addEventListener('pointermove', (event) => {
    const button = event.target.closest('button[data-result]');
    if (button !== null && Number(button.dataset.result) !== active) highlight(Number(button.dataset.result));
  });
  document.addEventListener('pointerdown', (event) => {
    if (!results.hidden && !results.contains(event.target) && event.target !== input) close();
  });

  return { close };
}
