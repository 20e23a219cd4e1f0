import { getJson } from './api.js';
import { describeCharacters, escapeHtml, languageName } from './html.js';
import { lintHtml, measureHtml, notesHtml } from './text-measure.js';

const CHECK_DELAY_MS = 150;

async function sendJson(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message ?? `${url} answered ${response.status}`);
  return answer;
}

/** The service's dry run of the text: every screen that shows the key, measured with sample values, and linted. */
function checkHtml(check) {
  const screens = check.screens
    .map(
      (s) =>
        `<li><code>${escapeHtml(s.stateId.replace(/^session\./, ''))}</code> ${measureHtml(s.length, s.budget, s.over)} ${notesHtml(s)}</li>`,
    )
    .join('');
  const unwritable =
    check.unwritable.length > 0
      ? `<p class="over">Cannot be saved: ${escapeHtml(describeCharacters(check.unwritable))}</p>`
      : '';
  return `<ul class="checked">${screens}</ul>${lintHtml(check.lint)}${unwritable}`;
}

/**
 * Edits one catalog text (`key` in `language`) in place of its column in the details panel: the
 * template with its `{placeholders}`, checked live by `POST /studio/api/messages/check`, saved
 * by `PUT /studio/api/messages/<key>` into the catalog source. `onDone(saved)` closes it.
 * Returns the open editor: `unsaved()` says whether it holds text that is not saved.
 */
export async function openCopyEditor({ column, key, language, onDone }) {
  const { texts } = await getJson(`/studio/api/messages/${encodeURIComponent(key)}`);
  const original = texts[language] ?? '';
  column.classList.add('is-editing');
  column.innerHTML = `<h4>${escapeHtml(languageName(language))} <span class="muted">editing <code>${escapeHtml(key)}</code></span></h4>
    <textarea class="copy-text" rows="5" spellcheck="true" aria-label="${escapeHtml(`${key} in ${languageName(language)}`)}"></textarea>
    <div class="copy-check" aria-live="polite"></div>
    <p class="copy-error error" role="alert"></p>
    <div class="copy-actions"><button type="button" class="copy-save">Save</button> <button type="button" class="copy-cancel">Cancel</button></div>`;
  const textarea = column.querySelector('.copy-text');
  const checkBox = column.querySelector('.copy-check');
  const error = column.querySelector('.copy-error');
  const save = column.querySelector('.copy-save');
  textarea.value = original;

  let timer = 0;
  let asked = 0;
  async function check() {
    const ask = ++asked;
    try {
      const answer = await sendJson('POST', '/studio/api/messages/check', { key, language, text: textarea.value });
      if (ask !== asked) return;
      checkBox.innerHTML = checkHtml(answer);
      error.textContent = '';
      save.disabled = answer.unwritable.length > 0 || textarea.value === original;
    } catch (problem) {
      if (ask === asked) error.textContent = problem.message;
    }
  }
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_DELAY_MS);
  });
  column.querySelector('.copy-cancel').addEventListener('click', () => onDone(false));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await sendJson('PUT', `/studio/api/messages/${encodeURIComponent(key)}`, { language, text: textarea.value });
      onDone(true);
    } catch (problem) {
      error.textContent = problem.message;
      save.disabled = false;
    }
  });
  // Nothing to save until the text changes; the first check runs while the designer starts typing.
  save.disabled = true;
  textarea.focus();
  check();
  return { key, language, unsaved: () => textarea.value !== original };
}
