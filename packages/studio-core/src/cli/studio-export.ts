// `pnpm studio:export <dir>`: every chart as a standalone SVG per language, and an index.html.
import { resolve } from 'node:path';
import { createChartBook } from '../chart-book.js';
import { STUDIO_CHARTS } from '../charts.js';
import { exportCharts } from '../export-charts.js';

const [dir] = process.argv.slice(2).filter((arg) => arg !== '--');
if (dir === undefined) {
  console.error('usage: pnpm studio:export <dir>');
  process.exit(2);
}
// pnpm runs root scripts from the workspace root; INIT_CWD is where the command was typed.
const target = resolve(process.env.INIT_CWD ?? process.cwd(), dir);
const written = await exportCharts(createChartBook(STUDIO_CHARTS), target);
console.log(`wrote ${written.length} files to ${target}`);
