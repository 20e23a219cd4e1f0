import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChartBook } from './chart-book.js';
import { STUDIO_CHARTS } from './charts.js';
import { exportCharts, exportFileOf } from './export-charts.js';

const book = createChartBook(STUDIO_CHARTS);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('studio export', () => {
  it('writes the layouts the studio page draws: faults folded, and a faults-shown variant of each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'studio-export-'));
    dirs.push(dir);
    const written = (await exportCharts(book, dir)).map((path) => basename(path));
    const languages = book.list().reduce((sum, chart) => sum + chart.languages.length, 0);
    expect(written).toHaveLength(2 * languages + 1);

    // Byte for byte what GET /studio/api/charts/<id>.svg serves, with and without `faults=shown`.
    expect(await readFile(join(dir, exportFileOf('loans', 'en')), 'utf8')).toBe(await book.svg('loans', 'en'));
    const shown = await readFile(join(dir, exportFileOf('loans', 'sw', true)), 'utf8');
    expect(shown).toBe(await book.svg('loans', 'sw', { faults: true }));
    expect(shown).toContain('data-exit-target="session.failure"');

    const index = await readFile(join(dir, 'index.html'), 'utf8');
    expect(index).toContain(`src="${exportFileOf('loans', 'en')}"`);
    expect(index).toContain(`href="${exportFileOf('loans', 'en', true)}"`);
  });
});
