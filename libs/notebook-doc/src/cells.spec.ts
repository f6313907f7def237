import * as Y from 'yjs';
import {
  addCell,
  cellOrder,
  cellText,
  cellsMap,
  deleteCell,
  moveCell,
  orderArray,
  readCell,
  readCells,
  repairOrder,
  updateCell,
} from './index';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function twoPeers(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  return [a, b];
}

describe('document shape', () => {
  it('stores a cell as cells[id] = {type, spec: Y.Map} with text fields as Y.Text, and its id in order', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'm1', type: 'markdown', spec: { source: '# Hi', width: 2 } });
    const entry = doc.getMap('cells').get('m1') as Y.Map<unknown>;
    expect(entry.get('type')).toBe('markdown');
    const spec = entry.get('spec') as Y.Map<unknown>;
    expect(spec.get('source')).toBeInstanceOf(Y.Text);
    expect((spec.get('source') as Y.Text).toString()).toBe('# Hi');
    expect(spec.get('width')).toBe(2);
    expect(doc.getArray('order').toArray()).toEqual(['m1']);
  });

  it('keeps graphql query and variables as shared text and other types’ keys as JSON', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'g', type: 'graphql', spec: { query: '{ runs }', variables: '{}', view: 'table' } });
    addCell(doc, { id: 'c', type: 'metric-chart', spec: { source: 'not text here', keys: ['loss'] } });
    expect(cellText(doc, 'g', 'query')?.toString()).toBe('{ runs }');
    expect(cellText(doc, 'g', 'variables')?.toString()).toBe('{}');
    expect(cellText(doc, 'g', 'view')).toBeUndefined();
    expect(cellText(doc, 'c', 'source')).toBeUndefined();
    expect(readCell(doc, 'c')).toEqual({ id: 'c', type: 'metric-chart', spec: { source: 'not text here', keys: ['loss'] } });
  });
});

describe('addCell', () => {
  it('inserts at the index given, appends by default and past the end', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'a', type: 'markdown' });
    addCell(doc, { id: 'b', type: 'markdown' });
    addCell(doc, { id: 'c', type: 'markdown', index: 0 });
    addCell(doc, { id: 'd', type: 'markdown', index: 99 });
    addCell(doc, { id: 'e', type: 'markdown', index: 2 });
    expect(readCells(doc).map((c) => c.id)).toEqual(['c', 'a', 'e', 'b', 'd']);
  });

  it('refuses a duplicate id, a text field that is not a string, and non-JSON values, writing nothing', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'a', type: 'markdown' });
    expect(() => addCell(doc, { id: 'a', type: 'markdown' })).toThrow('addCell: the notebook already has a cell a');
    expect(() => addCell(doc, { id: 'b', type: 'markdown', spec: { source: 3 } })).toThrow(
      'addCell: spec of markdown cell b: source is shared text and must be a string, got 3',
    );
    expect(() => addCell(doc, { id: 'c', type: 'runs-table', spec: { at: new Date(0) } })).toThrow(
      'addCell: spec of cell c.at must be JSON',
    );
    expect(() => addCell(doc, { id: 'd', type: 'runs-table', spec: { n: Number.NaN } })).toThrow('spec of cell d.n must be a finite number');
    expect(() => addCell(doc, { id: '', type: 'markdown' })).toThrow('addCell: id must be a non-empty string');
    expect(() => addCell(doc, { id: 'e', type: ' ' })).toThrow('addCell: type of cell e must be a non-empty string');
    expect(() => addCell(doc, { id: 'f', type: 'markdown', index: -1 })).toThrow('addCell: index of cell f must be a whole number ≥ 0, got -1');
    expect(readCells(doc).map((c) => c.id)).toEqual(['a']);
  });
});

describe('updateCell', () => {
  it('changes only the keys given; keys not given stay', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'g', type: 'graphql', spec: { query: 'q1', variables: '{}', view: 'table' } });
    expect(updateCell(doc, 'g', { spec: { view: 'json' } })).toBe(true);
    expect(readCell(doc, 'g')!.spec).toEqual({ query: 'q1', variables: '{}', view: 'json' });
  });

  it('reports no change and makes no update when every value given is already there', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'r', type: 'runs-table', spec: { columns: ['a', { k: 1 }] } });
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(updateCell(doc, 'r', { type: 'runs-table', spec: { columns: ['a', { k: 1 }] } })).toBe(false);
    expect(updates).toHaveLength(0);
  });

  it('edits shared text by the minimal span, so a concurrent edit elsewhere in the text survives', () => {
    const [a, b] = twoPeers();
    addCell(a, { id: 'm', type: 'markdown', spec: { source: 'hello world' } });
    sync(a, b);
    // Peer A rewrites the whole text (as a script would); peer B types at the start at the same time.
    updateCell(a, 'm', { spec: { source: 'hello brave world' } });
    cellText(b, 'm', 'source')!.insert(0, '>> ');
    sync(a, b);
    expect(readCell(a, 'm')!.spec.source).toBe('>> hello brave world');
    expect(readCell(b, 'm')!.spec.source).toBe('>> hello brave world');
  });

  it('with replaceSpec deletes the keys not given', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'r', type: 'runs-table', spec: { a: 1, b: 2 } });
    updateCell(doc, 'r', { spec: { b: 3 } }, { replaceSpec: true });
    expect(readCell(doc, 'r')!.spec).toEqual({ b: 3 });
  });

  it('changing the type turns keys into shared text or back', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'x', type: 'runs-table', spec: { source: 'text', n: 1 } });
    updateCell(doc, 'x', { type: 'markdown' });
    expect(cellText(doc, 'x', 'source')?.toString()).toBe('text');
    updateCell(doc, 'x', { type: 'runs-table' });
    expect(cellText(doc, 'x', 'source')).toBeUndefined();
    expect(readCell(doc, 'x')).toEqual({ id: 'x', type: 'runs-table', spec: { source: 'text', n: 1 } });
  });

  it('refuses a type change that would make a non-string a text field, before writing anything', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'x', type: 'runs-table', spec: { source: 5 } });
    expect(() => updateCell(doc, 'x', { type: 'markdown' })).toThrow(
      'updateCell: spec.source of cell x must be text to become a markdown cell',
    );
    expect(readCell(doc, 'x')!.type).toBe('runs-table');
  });

  it('names an unknown cell', () => {
    expect(() => updateCell(new Y.Doc(), 'nope', { spec: {} })).toThrow('updateCell: the notebook has no cell nope');
  });

  it('two peers changing different keys both keep their change', () => {
    const [a, b] = twoPeers();
    addCell(a, { id: 'g', type: 'graphql', spec: { query: 'q', variables: '{}', view: 'table' } });
    sync(a, b);
    updateCell(a, 'g', { spec: { view: 'json' } });
    updateCell(b, 'g', { spec: { variables: '{"n": 1}' } });
    sync(a, b);
    expect(readCell(a, 'g')!.spec).toEqual({ query: 'q', variables: '{"n": 1}', view: 'json' });
    expect(readCells(b)).toEqual(readCells(a));
  });
});

describe('moveCell and deleteCell', () => {
  it('move places the cell at the final index, clamped to the last', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b', 'c', 'd']) addCell(doc, { id, type: 'markdown' });
    moveCell(doc, 'a', 2);
    expect(cellOrder(doc)).toEqual(['b', 'c', 'a', 'd']);
    moveCell(doc, 'b', 50);
    expect(cellOrder(doc)).toEqual(['c', 'a', 'd', 'b']);
    moveCell(doc, 'b', 0);
    expect(cellOrder(doc)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('delete removes the cell and its id', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b']) addCell(doc, { id, type: 'markdown' });
    deleteCell(doc, 'a');
    expect(readCells(doc)).toEqual([{ id: 'b', type: 'markdown', spec: {} }]);
    expect(orderArray(doc).toArray()).toEqual(['b']);
    expect(() => deleteCell(doc, 'a')).toThrow('deleteCell: the notebook has no cell a');
  });

  it('two peers moving one cell at once see it once, at the same place', () => {
    const [a, b] = twoPeers();
    for (const id of ['x', 'y', 'z']) addCell(a, { id, type: 'markdown' });
    sync(a, b);
    moveCell(a, 'x', 2);
    moveCell(b, 'x', 1);
    sync(a, b);
    expect(orderArray(a).toArray().filter((id) => id === 'x')).toHaveLength(2);
    expect(cellOrder(a)).toEqual(cellOrder(b));
    expect(cellOrder(a).filter((id) => id === 'x')).toHaveLength(1);
    expect(repairOrder(a)).toBe(true);
    sync(a, b);
    expect(orderArray(b).toArray()).toEqual(cellOrder(a));
  });

  it('a move racing a delete leaves the cell deleted, with no dangling id read', () => {
    const [a, b] = twoPeers();
    for (const id of ['x', 'y']) addCell(a, { id, type: 'markdown' });
    sync(a, b);
    moveCell(a, 'x', 1);
    deleteCell(b, 'x');
    sync(a, b);
    expect(readCells(a).map((c) => c.id)).toEqual(['y']);
    expect(readCells(b).map((c) => c.id)).toEqual(['y']);
  });

  it('cells added offline on two peers both survive the merge, once each', () => {
    const [a, b] = twoPeers();
    addCell(a, { id: 'base', type: 'markdown' });
    sync(a, b);
    addCell(a, { id: 'from-a', type: 'markdown', spec: { source: 'A' } });
    addCell(b, { id: 'from-b', type: 'markdown', spec: { source: 'B' } });
    sync(a, b);
    const ids = readCells(a).map((c) => c.id);
    expect([...ids].sort()).toEqual(['base', 'from-a', 'from-b']);
    expect(readCells(b).map((c) => c.id)).toEqual(ids);
  });

  it('reads a cell missing from order after the ordered ones, sorted by id', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'a', type: 'markdown' });
    const orphan = new Y.Map<unknown>();
    orphan.set('type', 'markdown');
    cellsMap(doc).set('0-orphan', orphan);
    expect(readCells(doc)).toEqual([
      { id: 'a', type: 'markdown', spec: {} },
      { id: '0-orphan', type: 'markdown', spec: {} },
    ]);
  });

  it('readCell returns a copy the caller cannot use to change the document', () => {
    const doc = new Y.Doc();
    addCell(doc, { id: 'r', type: 'runs-table', spec: { columns: ['a'] } });
    (readCell(doc, 'r')!.spec.columns as string[]).push('b');
    expect(readCell(doc, 'r')!.spec.columns).toEqual(['a']);
  });
});
