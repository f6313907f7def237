import { openCollabClient, startTemporaryServer, waitFor, type TemporaryServer } from '@protoscope/server';
import { readCells } from '@protoscope/notebook-doc';
import { selectDemoRuns, type WriteSelection } from './demo-selection';
import { DEMO_NOTEBOOK_ID, DEMO_TAG } from './demo-plan';
import { seedDemo } from './seed-demo';

describe('the demo selection once the notebook is open in a browser', () => {
  let server: TemporaryServer;

  beforeEach(async () => {
    server = await startTemporaryServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('ticks new demo runs through the live document, so the open page shows them and the row follows', async () => {
    await seedDemo(server.store);
    const page = openCollabClient(server, DEMO_NOTEBOOK_ID, server.token);
    try {
      await page.synced;
      const run = await server.store.runs.create({ method: 'global', tags: [DEMO_TAG] });
      // The cell row of a live notebook is refused by the store: the row writer cannot be used now.
      await expect(selectDemoRuns(server.store)).rejects.toThrow();

      // A fresh array: Jest's sandbox realm differs from the store's, and Yjs checks value constructors.
      const write: WriteSelection = async (cellId, selected) => void (await server.notebookCells.update(cellId, { spec: { selected: [...selected] } }, undefined, null));
      expect(await selectDemoRuns(server.store, [], write)).toEqual({ status: 'selected', runIds: [run.id] });
      const selectedOnPage = () => readCells(page.doc).find((cell) => cell.type === 'runs-table')?.spec['selected'];
      await waitFor(() => JSON.stringify(selectedOnPage()) === JSON.stringify([run.id]), 'the page to show the selection');
      const row = (await server.store.cells.list(DEMO_NOTEBOOK_ID)).find((cell) => cell.type === 'runs-table')!;
      expect(row.spec['selected']).toEqual([run.id]);
      // The other keys of the table's spec are kept (a partial change).
      expect(Object.keys(row.spec).length).toBeGreaterThan(1);
    } finally {
      page.close();
    }
  });
});
