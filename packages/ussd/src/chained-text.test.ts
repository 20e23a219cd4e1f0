import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { markText, readTextChange } from './chained-text.js';

const hash = (text: string) => createHmac('sha256', 'test-key').update(text).digest('base64url');

describe('readTextChange', () => {
  it('reads nothing on a plain first dial', () => {
    expect(readTextChange(undefined, '', hash)).toEqual({ kind: 'inputs', inputs: [] });
  });

  it('feeds every part of a shortcut dial in order', () => {
    expect(readTextChange(undefined, '6*1', hash)).toEqual({ kind: 'inputs', inputs: ['6', '1'] });
  });

  it('takes the first input after an empty text', () => {
    expect(readTextChange(markText('', hash), '1', hash)).toEqual({ kind: 'inputs', inputs: ['1'] });
  });

  it('takes the whole suffix as one input, even when it holds a star', () => {
    const mark = markText('1*Jane', hash);
    expect(readTextChange(mark, '1*Jane*Mary*Ann', hash)).toEqual({ kind: 'inputs', inputs: ['Mary*Ann'] });
  });

  it('keeps an empty input (the member pressed send on an empty field)', () => {
    expect(readTextChange(markText('1', hash), '1*', hash)).toEqual({ kind: 'inputs', inputs: [''] });
  });

  it('recognises a repeated text', () => {
    expect(readTextChange(markText('1*2', hash), '1*2', hash)).toEqual({ kind: 'repeat' });
  });

  it('refuses a text that does not extend the previous one', () => {
    const mark = markText('1*2', hash);
    expect(readTextChange(mark, '1*3*4', hash)).toEqual({ kind: 'mismatch' });
    expect(readTextChange(mark, '1', hash)).toEqual({ kind: 'mismatch' });
    expect(readTextChange(mark, '1*24', hash)).toEqual({ kind: 'mismatch' });
  });
});
