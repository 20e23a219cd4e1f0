import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartBook } from './chart-book.js';
import { escapeXml } from './chart-svg.js';

const fileOf = (id: string, language: string) => `${id}.${language}.svg`;

function indexHtml(book: ChartBook): string {
  const sections = book.list().map((chart) => {
    const details = book.details(chart.id);
    const warnings = (details?.warnings ?? []).map(
      (w) => `<li>${escapeXml(`${w.stateId}: ${w.kind}, ${w.message}`)}</li>`,
    );
    const images = chart.languages.map(
      (language) =>
        `<figure><img src="${fileOf(chart.id, language)}" alt="${escapeXml(`${chart.title} (${language})`)}">` +
        `<figcaption>${escapeXml(language)}</figcaption></figure>`,
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
<p>Each journey's states with the screen it shows (sample values), its length against the screen budget, and the
input that leaves it. Exported by <code>pnpm studio:export</code>.</p>
<ul>${toc.join('')}</ul>
${sections.join('\n')}
</body>
</html>
`;
}

/** Writes every chart in every language as a standalone SVG, and an index.html showing them all. */
export async function exportCharts(book: ChartBook, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const chart of book.list()) {
    for (const language of chart.languages) {
      const svg = await book.svg(chart.id, language);
      if (svg === undefined) continue;
      const path = join(dir, fileOf(chart.id, language));
      await writeFile(path, svg);
      written.push(path);
    }
  }
  const index = join(dir, 'index.html');
  await writeFile(index, indexHtml(book));
  written.push(index);
  return written;
}
