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
export function createStateDetails({ container, copyEditing, onSaved, onEdit }) {
  let shown;
  /** The text being edited, while an editor is open: `{ key, language, unsaved() }`. */
  let editor;
  /** Set while an editor opens (its template is fetched), before `editor` is. */
  let opening = false;

  const editing = () => opening || editor !== undefined;

  function clear() {
    shown = undefined;
    editor = undefined;
    container.innerHTML = PLACEHOLDER;
  }

  /**
   * Shows `state` (from the chart's details). Unforced (the session moved), it leaves an open
   * editor and the state already shown alone; forced (a click, a saved text), it redraws, but an
   * open editor of this very state stays as it is: the chart drawn in another language or with
   * its faults shown must not lose what is typed. Leaving an edited state is for `mayDiscard`
   * to allow first. `undefined` clears the panel, unless an editor is open and it is unforced.
   */
  function show(state, force = false) {
    if (state === undefined) {
      if (!force && editing()) return;
      return clear();
    }
    if (editing() && shown?.id === state.id) {
      shown = state;
      return;
    }
    if (!force && (editing() || shown?.id === state.id)) return;
    shown = state;
    editor = undefined;
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

  /** Whether an open editor holds text that is not saved. */
  const unsaved = () => editor?.unsaved() === true;

  /**
   * Whether the panel may drop what it shows: yes when no typed text would be lost, else the
   * designer is asked. Discarding closes the editor; keeping it leaves everything as it is.
   */
  function mayDiscard() {
    if (!unsaved()) return true;
    const discard = window.confirm(
      `Discard your unsaved ${languageName(editor.language)} text of ${editor.key}? Cancel keeps editing it.`,
    );
    if (discard) editor = undefined;
    return discard;
  }

  container.addEventListener('click', async (event) => {
    const button = event.target.closest('button.edit-text');
    if (button === null || shown === undefined || editing()) return;
    const state = shown;
    onEdit(state.id);
    // One text at a time: saving redraws the panel, which would drop a second editor's text.
    for (const other of container.querySelectorAll('button.edit-text')) other.disabled = true;
    opening = true;
    let opened;
    try {
      opened = await openCopyEditor({
        column: button.closest('.text-column'),
        key: state.messageKey,
        language: button.dataset.language,
        onDone: async (saved) => {
          editor = undefined;
          if (saved) await onSaved(state.id);
          else show(state, true);
        },
      });
    } catch (problem) {
      // Not opened (the template could not be read): the panel as it was, its buttons back.
      opening = false;
      if (shown === state) show(state, true);
      throw problem;
    } finally {
      opening = false;
    }
    // Still the state shown (nothing discarded it while the template loaded): the editor is open.
    if (shown === state) editor = opened;
  });

  // Leaving or reloading the page with typed text not saved: the browser asks first.
  window.addEventListener('beforeunload', (event) => {
    if (unsaved()) event.preventDefault();
  });

  clear();
  return {
    show,
    clear,
    mayDiscard,
    unsaved,
    /** The id of the state shown, if any. */
    shownId: () => shown?.id,
  };
}
