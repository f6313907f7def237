import { addCell, readCell, readCells, updateCell } from '@protoscope/notebook-doc';
import * as Y from 'yjs';
import { changedSpecKeys, newCellId, writeSpecChange } from './doc-edits';

describe('writing editor changes to the document', () => {
  it('finds only the keys that differ, comparing JSON values deeply', () => {
    const shown = { view: 'table', query: 'q', sort: { column: 'name', descending: true }, selected: ['a'] };
    expect(changedSpecKeys(shown, { ...shown, sort: { column: 'name', descending: true }, selected: ['a'] })).toEqual({});
    expect(changedSpecKeys(shown, { ...shown, view: 'json' })).toEqual({ view: 'json' });
    expect(changedSpecKeys(shown, { ...shown, selected: ['a', 'b'], extra: 1 })).toEqual({ selected: ['a', 'b'], extra: 1 });
    expect(changedSpecKeys({ a: [1, 2] }, { a: { 0: 1, 1: 2 } })).toEqual({ a: { 0: 1, 1: 2 } });
    expect(changedSpecKeys(shown, { view: 'table' })).toEqual({});
  });

  it('keeps a key another peer changed after this page rendered its editor', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'c1', type: 'graphql', spec: { query: '{ runs }', variables: '{}', view: 'table' } });
    const shown = readCell(doc, 'c1')!.spec;
    // Someone else edits the query while this page's editor still shows the old one.
    updateCell(doc, 'c1', { spec: { query: '{ datasets }' } });
    expect(writeSpecChange(doc, 'c1', shown, { ...shown, view: 'json' })).toBe(true);
    expect(readCell(doc, 'c1')!.spec).toEqual({ query: '{ datasets }', variables: '{}', view: 'json' });
    expect(writeSpecChange(doc, 'c1', shown, shown)).toBe(false);
  });

  it('writes through the same document the peers merge (two docs converge)', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
    addCell(a, { id: 'c1', type: 'runs-table', spec: { selected: [] } });
    writeSpecChange(b, 'c1', { selected: [] }, { selected: ['r1'] });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readCells(a)).toEqual(readCells(b));
    expect(readCells(a)[0]!.spec).toEqual({ selected: ['r1'] });
  });

  it('makes version-4 UUIDs', () => {
    const fixed = (bytes: Uint8Array) => bytes.fill(0xff);
    expect(newCellId(fixed)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    const zeros = (bytes: Uint8Array) => bytes.fill(0);
    expect(newCellId(zeros)).toBe('00000000-0000-4000-8000-000000000000');
    const ids = new Set(Array.from({ length: 100 }, () => newCellId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
