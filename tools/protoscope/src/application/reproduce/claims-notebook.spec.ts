import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addCell, readCells } from '@protoscope/notebook-doc';
import { openStore, type Store } from '@protoscope/tracking';
import * as Y from 'yjs';
import { CLAIMS_NOTEBOOK_ID, writeClaimsNotebook, type NotebookCellSpec } from './claims-notebook';

let root: string;
let store: Store;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-claims-notebook-'));
  store = await openStore(`sqlite:${path.join(root, 'store.db')}`);
});

afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const cells = (table: string): NotebookCellSpec[] => [
  { type: 'markdown', spec: { source: table } },
  { key: 'runs', type: 'runs-table', spec: { filter: {}, selected: ['r1'] } },
  { type: 'metric-chart', spec: { runs: { fromCell: '@runs', runIds: [] }, metrics: ['val/auc'] } },
];

describe('writeClaimsNotebook', () => {
  it('creates the notebook, rewrites its rows, and once it has a live document edits that document', async () => {
    expect(await writeClaimsNotebook(store, cells('| first |'))).toEqual({ created: true });
    let rows = await store.cells.list(CLAIMS_NOTEBOOK_ID);
    expect(rows.map((c) => c.type)).toEqual(['markdown', 'runs-table', 'metric-chart']);
    expect(rows[2]!.spec['runs']).toEqual({ fromCell: rows[1]!.id, runIds: [] });

    expect(await writeClaimsNotebook(store, cells('| second |'))).toEqual({ created: false });
    rows = await store.cells.list(CLAIMS_NOTEBOOK_ID);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.spec['source']).toBe('| second |');

    // Someone opens the notebook: the server builds its document from the rows and stores it.
    const opened = new Y.Doc();
    for (const row of rows) addCell(opened, { id: row.id, type: row.type, spec: row.spec });
    expect(await store.documents.create(CLAIMS_NOTEBOOK_ID, Y.encodeStateAsUpdate(opened))).toBe(true);
    await expect(store.cells.add(CLAIMS_NOTEBOOK_ID, { type: 'markdown', spec: { source: 'x' } })).rejects.toThrow();

    await writeClaimsNotebook(store, cells('| third |'));
    rows = await store.cells.list(CLAIMS_NOTEBOOK_ID);
    expect(rows.map((c) => c.type)).toEqual(['markdown', 'runs-table', 'metric-chart']);
    expect(rows[0]!.spec['source']).toBe('| third |');
    expect(rows[2]!.spec['runs']).toEqual({ fromCell: rows[1]!.id, runIds: [] });
    // The stored document holds the same cells as the rows, and merges with the opened copy.
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.documents.load(CLAIMS_NOTEBOOK_ID))!);
    expect(readCells(stored).map((c) => [c.id, c.type, c.spec['source'] ?? null])).toEqual(rows.map((r) => [r.id, r.type, r.spec['source'] ?? null]));
    Y.applyUpdate(opened, Y.encodeStateAsUpdate(stored));
    expect(readCells(opened).map((c) => c.id)).toEqual(rows.map((r) => r.id));
  });
});
