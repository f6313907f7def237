import { keepUnchangedCells } from './stable-cells';

describe('keepUnchangedCells', () => {
  const note = { id: 'a', type: 'markdown', spec: { source: '# One' } };
  const table = { id: 'b', type: 'runs-table', spec: { filter: { method: { eq: 'protopnet' } }, selected: ['r1', 'r2'] } };

  it('keeps the objects of cells whose type and spec are equal, whatever the key order', () => {
    const next = [
      { id: 'a', type: 'markdown', spec: { source: '# One' } },
      { id: 'b', type: 'runs-table', spec: { selected: ['r1', 'r2'], filter: { method: { eq: 'protopnet' } } } },
    ];
    const kept = keepUnchangedCells([note, table], next);
    expect(kept[0]).toBe(note);
    expect(kept[1]).toBe(table);
  });

  it('returns the previous list itself when nothing changed, so memoised wiring is not redone', () => {
    const previous = [note, table];
    expect(keepUnchangedCells(previous, [{ ...note, spec: { source: '# One' } }, { ...table }])).toBe(previous);
  });

  it('takes the new object for a changed spec, a changed type, a new cell, and follows the new order', () => {
    const changed = { id: 'b', type: 'runs-table', spec: { filter: { method: { eq: 'protopnet' } }, selected: ['r1'] } };
    const retyped = { id: 'a', type: 'graphql', spec: { source: '# One' } };
    const added = { id: 'c', type: 'markdown', spec: {} };
    const kept = keepUnchangedCells([note, table], [changed, added, retyped]);
    expect(kept).toEqual([changed, added, retyped]);
    expect(kept[0]).toBe(changed);
    expect(kept[2]).toBe(retyped);
  });

  it('keeps unchanged cells when one is removed or the order changes, and the list is new', () => {
    const previous = [note, table];
    const kept = keepUnchangedCells(previous, [{ ...table }]);
    expect(kept).not.toBe(previous);
    expect(kept[0]).toBe(table);
    const swapped = keepUnchangedCells(previous, [{ ...table }, { ...note }]);
    expect(swapped[0]).toBe(table);
    expect(swapped[1]).toBe(note);
  });
});
