import { openCopyEditor } from './copy-editor.js';
import { escapeHtml, languageName } from './html.js';
import { lintHtml, measureHtml, notesHtml } from './text-measure.js';

const PLACEHOLDER =
  '<p class="muted">Click a state to see its screen in every language, its length and its warnings.</p>';

/**
 * One language's column: the screen as sample values fill it, measured, its worst case, its lint.
 * Red is the chart card's rule (`over`): a paged screen is over only when one of its pages is.
 */
function columnHtml(text, lint, editable) {
  const worst =
    text.worst === undefined
      ? ''
      : `<p class="worst">worst case ${measureHtml(text.worst.length, text.budget, text.worst.over)} ${notesHtml({ pages: text.worst.pages, nonGsm7: [] })}</p>
         <details><summary>the worst case's text</summary><pre>${escapeHtml(text.worst.text)}</pre></details>`;
  return `<section class="text-column" data-language="${escapeHtml(text.language)}">
    <h4>${escapeHtml(languageName(text.language))} <span class="muted">${escapeHtml(text.prefix.trim())}</span>
      ${measureHtml(text.length, text.budget, text.over)}</h4>
    <p class="notes">${notesHtml(text)}</p>
    <pre>${escapeHtml(text.text)}</pre>
    ${worst}
    ${lintHtml(lint)}
    ${editable ? `<button type="button" class="edit-text" data-language="${escapeHtml(text.language)}">Edit text</button>` : ''}
  </section>`;
}

/**
 * The details panel: one state of the chart on screen, every language side by side. It never
 * keeps a state of another chart: the chart view shows or clears it on every change.
 */
export function createStateDetails({ container, copyEditing, onSaved }) {
  let shown;
  let editing = false;

  function clear() {
    shown = undefined;
    editing = false;
    container.innerHTML = PLACEHOLDER;
  }

  /**
   * Shows `state` (from the chart's details). Unforced (the session moved), it leaves an open
   * editor and the state already shown alone; forced (a click, a saved text), it always redraws.
   */
  function show(state, force = false) {
    if (state === undefined) return clear();
    if (!force && (editing || shown?.id === state.id)) return;
    shown = state;
    editing = false;
    const facts = [
      state.messageKey ? `screen <code>${escapeHtml(state.messageKey)}</code>` : '',
      state.input ? `input: ${escapeHtml(state.input)}` : '',
      state.invokes.length > 0 ? `runs ${escapeHtml(state.invokes.join(', '))}` : '',
    ].filter(Boolean);
    const warnings = state.warnings.map((w) => ({ rule: w.kind, message: w.message }));
    const editable = copyEditing && state.messageKey !== undefined && state.messageKey !== null;
    const columns = state.texts.map((text) =>
      columnHtml(
        text,
        state.lint.filter((f) => f.language === text.language),
        editable,
      ),
    );
    const general = state.lint.filter((f) => f.language === undefined);
    container.innerHTML = `<h3 data-state-id="${escapeHtml(state.id)}">${escapeHtml(state.id)}</h3>
      <p class="facts">${facts.join(' · ')}</p>
      ${lintHtml([...warnings, ...general])}
      ${columns.length === 0 ? '<p class="muted">This state shows no screen.</p>' : `<div class="text-columns" style="--columns: ${columns.length}">${columns.join('')}</div>`}`;
  }

  container.addEventListener('click', async (event) => {
    const button = event.target.closest('button.edit-text');
    if (button === null || shown === undefined) return;
    const state = shown;
    editing = true;
    await openCopyEditor({
      column: button.closest('.text-column'),
      key: state.messageKey,
      language: button.dataset.language,
      onDone: async (saved) => {
        editing = false;
        if (saved) await onSaved(state.id);
        else show(state, true);
      },
    });
  });

  clear();
  return {
    show,
    clear,
    /** The id of the state shown, if any. */
    shownId: () => shown?.id,
  };
}
