import * as Y from 'yjs';
import { replaceText, textChange } from './text-diff';

describe('textChange', () => {
  it.each([
    ['abc', 'abc', { start: 3, deleteCount: 0, insert: '' }],
    ['', 'xyz', { start: 0, deleteCount: 0, insert: 'xyz' }],
    ['hello world', 'hello brave world', { start: 6, deleteCount: 0, insert: 'brave ' }],
    ['abcdef', 'abXYef', { start: 2, deleteCount: 2, insert: 'XY' }],
    ['aaaa', 'aa', { start: 2, deleteCount: 2, insert: '' }],
    ['xabc', 'abc', { start: 0, deleteCount: 1, insert: '' }],
  ])('%j → %j', (before, after, expected) => {
    expect(textChange(before, after)).toEqual(expected);
  });

  it('never splits a surrogate pair: 😀 → 😃 share a high surrogate but are replaced whole', () => {
    // U+1F600 = D83D DE00, U+1F603 = D83D DE03.
    expect(textChange('a😀b', 'a😃b')).toEqual({ start: 1, deleteCount: 2, insert: '😃' });
    // U+1F300 = D83C DF00, U+1F600 = D83D DE00: different high surrogates, different low ones too.
    expect(textChange('x🌀', 'x😀')).toEqual({ start: 1, deleteCount: 2, insert: '😀' });
    // Same low surrogate DE00 after different highs: the suffix must not start inside the pair.
    expect(textChange('\u{1F600}', '\u{1F400}')).toEqual({ start: 0, deleteCount: 2, insert: '\u{1F400}' });
  });
});

describe('replaceText', () => {
  it('turns the text into the new string', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'one two three');
    replaceText(text, 'one 2 three!');
    expect(text.toString()).toBe('one 2 three!');
  });
});
