import { diffCells } from './diff-cells';

const cell = (id: string, spec: Record<string, unknown> = {}, type = 'markdown') => ({ id, type, spec: spec as never });

describe('diffCells', () => {
  it('lists cells added, removed, changed (with the keys) and moved', () => {
    const before = [cell('a', { source: 'x' }), cell('b', { n: 1, m: [1] }), cell('c'), cell('d')];
    const after = [cell('b', { n: 2, m: [1], k: true }), cell('a', { source: 'x' }), cell('d', {}, 'graphql'), cell('e')];
    const diff = diffCells(before, after);
    expect(diff.added.map((c) => c.id)).toEqual(['e']);
    expect(diff.removed.map((c) => c.id)).toEqual(['c']);
    expect(diff.changed.map((c) => [c.id, c.typeChanged, c.keys])).toEqual([
      ['b', false, ['k', 'n']],
      ['d', true, []],
    ]);
    // Kept cells a, b, d: before a-b-d, after b-a-d; one of a/b is out of place.
    expect(diff.moved).toHaveLength(1);
  });

  it('moving one cell from last to first reports only that cell', () => {
    const before = ['a', 'b', 'c', 'd', 'e'].map((id) => cell(id));
    const after = ['e', 'a', 'b', 'c', 'd'].map((id) => cell(id));
    expect(diffCells(before, after)).toEqual({ added: [], removed: [], changed: [], moved: ['e'] });
  });

  it('compares nested values structurally, ignoring key order', () => {
    const diff = diffCells([cell('a', { o: { x: 1, y: [1, 2] } })], [cell('a', { o: { y: [1, 2], x: 1 } })]);
    expect(diff.changed).toEqual([]);
  });

  it('a key present with null differs from a key absent', () => {
    expect(diffCells([cell('a', { k: null })], [cell('a', {})]).changed[0]!.keys).toEqual(['k']);
  });
});
