export type Align = 'left' | 'right';

/**
 * A markdown table with padded columns, the layout Biome's markdown formatter produces, so a
 * results file written by the harness passes `biome check` as it is.
 */
export function markdownTable(headers: readonly string[], aligns: readonly Align[], rows: readonly string[][]): string {
  const widths = headers.map((h, col) => Math.max(3, h.length, ...rows.map((row) => (row[col] ?? '').length)));
  const pad = (cell: string, col: number) =>
    aligns[col] === 'right' ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0);
  const line = (cells: readonly string[]) => `| ${cells.map((cell, col) => pad(cell, col)).join(' | ')} |`;
  const rule = widths.map((w, col) => (aligns[col] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
