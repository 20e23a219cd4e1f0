import { describe, expect, it } from 'vitest';
import { paginate } from './paging.js';
import { screenLength } from './screen-length.js';

const labels = { more: '98. More', back: '0. Back' };

describe('paginate', () => {
  it('keeps a screen that fits on one page untouched', () => {
    expect(paginate('1. Yes\n2. No', 'CON ', 182, labels)).toEqual(['1. Yes\n2. No']);
  });

  it('pages a long menu without cutting any option', () => {
    const options = Array.from({ length: 30 }, (_, i) => `${i + 1}. Option number ${i + 1}`);
    const pages = paginate(options.join('\n'), 'CON ', 182, labels);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(screenLength(`CON ${page}`)).toBeLessThanOrEqual(182);
    const shown = pages.flatMap((p) => p.split('\n')).filter((l) => l !== labels.more && l !== labels.back);
    expect(shown).toEqual(options);
    expect(pages[0]?.endsWith('98. More')).toBe(true);
    expect(pages.at(-1)?.endsWith('0. Back')).toBe(true);
    expect(pages.at(-1)).not.toContain('98. More');
  });

  it('breaks a paragraph longer than a page at spaces', () => {
    const paragraph = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const pages = paginate(paragraph, 'END ', 182, labels);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(screenLength(`END ${page}`)).toBeLessThanOrEqual(182);
    const words = pages
      .flatMap((p) => p.split('\n'))
      .filter((l) => l !== labels.more && l !== labels.back)
      .join(' ')
      .split(' ');
    expect(words).toEqual(paragraph.split(' '));
  });

  it('honours a smaller configured budget', () => {
    const pages = paginate(`${'a'.repeat(50)}\n${'b'.repeat(50)}`, 'CON ', 80, labels);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(screenLength(`CON ${page}`)).toBeLessThanOrEqual(80);
  });
});
