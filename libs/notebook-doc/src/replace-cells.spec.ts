import * as Y from 'yjs';
import { addCell, cellText, readCells, replaceCells, type PlainCell } from './index';

describe('replaceCells', () => {
  it('makes the document hold exactly the cells given, in order, keeping the ids', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'a', type: 'markdown', spec: { source: 'old a' } });
    addCell(doc, { id: 'b', type: 'runs-table', spec: { x: 1, y: 2 } });
    addCell(doc, { id: 'c', type: 'markdown' });
    const target: PlainCell[] = [
      { id: 'b', type: 'runs-table', spec: { y: 3 } },
      { id: 'd', type: 'graphql', spec: { query: '{ runs }', variables: '{}' } },
      { id: 'a', type: 'markdown', spec: { source: 'new a' } },
    ];
    expect(replaceCells(doc, target)).toBe(true);
    expect(readCells(doc)).toEqual(target);
    expect(cellText(doc, 'd', 'query')?.toString()).toBe('{ runs }');
    expect(replaceCells(doc, target)).toBe(false);
  });

  it('is an ordinary change: a peer typing meanwhile keeps its characters outside the restored span', () => {
    const a = new Y.Doc();
    addCell(a, { id: 'm', type: 'markdown', spec: { source: 'title\nbody v2' } });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceCells(a, [{ id: 'm', type: 'markdown', spec: { source: 'title\nbody v1' } }]);
    cellText(b, 'm', 'source')!.insert(0, '# ');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readCells(a)[0]!.spec.source).toBe('# title\nbody v1');
    expect(readCells(b)).toEqual(readCells(a));
  });

  it('refuses a list with one id twice, before changing anything', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'a', type: 'markdown' });
    expect(() =>
      replaceCells(doc, [
        { id: 'x', type: 'markdown', spec: {} },
        { id: 'x', type: 'markdown', spec: {} },
      ]),
    ).toThrow('replaceCells: cell x is listed twice');
    expect(readCells(doc).map((c) => c.id)).toEqual(['a']);
  });
});
