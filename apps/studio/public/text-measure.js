import { describeCharacters, escapeHtml, plural } from './html.js';

/** `43/182`, red when over the budget; a voice prompt has no budget: `43 characters`. */
export function measureHtml(length, budget, over) {
  const text = budget === undefined ? plural(length, 'character') : `${length}/${budget}`;
  return `<span class="measure${over ? ' over' : ''}">${escapeHtml(text)}</span>`;
}

/** What is wrong or worth knowing about one measured text: pages past the first, characters not GSM-7. */
export function notesHtml({ pages, nonGsm7 }) {
  const notes = [];
  // One page is the normal case: "paged" only when the engine really splits the screen.
  if (pages > 1) notes.push(`<span class="note">paged: ${plural(pages, 'page')}</span>`);
  if (nonGsm7.length > 0) {
    notes.push(`<span class="warning">not GSM-7: ${escapeHtml(describeCharacters(nonGsm7))}</span>`);
  }
  return notes.join(' ');
}

/** The lint's findings as a list, or nothing. */
export function lintHtml(findings) {
  if (findings.length === 0) return '';
  return `<ul class="lint">${findings
    .map((f) => `<li class="warning"><code>${escapeHtml(f.rule)}</code> ${escapeHtml(f.message)}</li>`)
    .join('')}</ul>`;
}
