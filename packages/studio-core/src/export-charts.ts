import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartBook } from './chart-book.js';
import { escapeXml } from './chart-svg.js';

/** `deposit.en.svg` as the page draws it (faults folded), `deposit.en.faults.svg` with them drawn. */
export const exportFileOf = (id: string, language: string, faults = false) =>
  `${id}.${language}${faults ? '.faults' : ''}.svg`;

function indexHtml(book: ChartBook): string {
  const sections = book.list().map((chart) => {
    const details = book.details(chart.id);
    const warnings = (details?.warnings ?? []).map(
      (w) => `<li>${escapeXml(`${w.stateId}: ${w.kind}, ${w.message}`)}</li>`,
    );
    const images = chart.languages.map(
      (language) =>
        `<figure><img src="${exportFileOf(chart.id, language)}" alt="${escapeXml(`${chart.title} (${language})`)}">` +
        `<figcaption>${escapeXml(language)}, as the studio draws it; ` +
        `<a href="${exportFileOf(chart.id, language, true)}">with its failure, locked and error transitions drawn</a></figcaption></figure>`,
    );
    return [
      `<section id="${escapeXml(chart.id)}"><h2>${escapeXml(chart.title)}</h2>`,
      warnings.length === 0 ? '' : `<ul class="warnings">${warnings.join('')}</ul>`,
      ...images,
      '</section>',
    ].join('\n');
  });
  const toc = book.list().map((chart) => `<li><a href="#${escapeXml(chart.id)}">${escapeXml(chart.title)}</a></li>`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>USSD menus: state charts</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #0f172a; }
  figure { margin: 1rem 0; overflow-x: auto; }
  figcaption { color: #475569; }
  .warnings { color: #b45309; }
</style></head>
<body>
<h1>USSD menus: state charts</h1>
<p>Each journey's states with the screen it shows (sample values), its length against the screen budget (and its
worst case, for screens that depend on data), and the key or outcome that leaves it. The charts are the studio's own
layouts: failure, locked and error transitions are folded into a badge on their state ("2 faults"; hover for the
list); each chart's <code>.faults.svg</code> draws them. Exported by <code>pnpm studio:export</code>.</p>
<ul>${toc.join('')}</ul>
${sections.join('\n')}
</body>
</html>
`;
}

/**
 * Writes every chart in every language as a standalone SVG, drawn by the same `book.svg` as the
 * studio page (faults folded), plus a `.faults.svg` with them drawn, and an index.html showing them all.
 */
export async function exportCharts(book: ChartBook, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const chart of book.list()) {
    for (const language of chart.languages) {
      for (const faults of [false, true]) {
        const svg = await book.svg(chart.id, language, { faults });
        if (svg === undefined) continue;
        const path = join(dir, exportFileOf(chart.id, language, faults));
        await writeFile(path, svg);
        written.push(path);
      }
    }
  }
  const index = join(dir, 'index.html');
  await writeFile(index, indexHtml(book));
  written.push(index);
  return written;
}
