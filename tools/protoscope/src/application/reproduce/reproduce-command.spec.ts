import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { initEngine } from '@protoscope/engine';
import { openStore } from '@protoscope/tracking';
import { reproduceCommand } from '../../commands/reproduce';
import { REPRODUCE_TAG } from './arm-runs';
import { CLAIMS_NOTEBOOK_ID } from './claims-notebook';

let root: string;
let stderr: string[];
let writeSpy: jest.SpyInstance;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-reproduce-'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  stderr = [];
  writeSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => writeSpy.mockRestore());

async function protoscope(...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  reproduceCommand.register(program);
  await program.parseAsync(['node', 'protoscope', ...args]);
}

describe('protoscope reproduce --only (micro setting)', () => {
  it('writes the table, the runs and evaluations, and the notebook; a second call reads them from the store', async () => {
    const store = `sqlite:${path.join(root, 'store.db')}`;
    const out = path.join(root, 'out', 'claims.md');
    const args = ['reproduce', '--scale', 'micro', '--only', 'evalprotopnet', '--store', store, '--out', out, '--data-dir', path.join(root, 'data')];
    await protoscope(...args);

    const markdown = fs.readFileSync(out, 'utf8');
    const rows = markdown.split('\n').filter((line) => line.startsWith('| §4 | ') || line.startsWith('|  |'));
    expect(rows).toHaveLength(2); // consistency and stability
    expect(rows[0]).toMatch(/EvalProtoPNet \(Huang et al\., 2022\)/);
    expect(rows[0]).toMatch(/\*\*(holds|does not hold|inconclusive)\*\*/);

    const opened = await openStore(store);
    try {
      const runs = await opened.runs.list({ tags: [REPRODUCE_TAG] });
      // Two arms (protopnet, evalprotopnet) × two seeds, all finished, each linked from the table.
      expect(runs.map((r) => `${r.method}/${r.seed}/${r.status}`).sort()).toEqual(['evalprotopnet/1/finished', 'evalprotopnet/2/finished', 'protopnet/1/finished', 'protopnet/2/finished']);
      for (const run of runs) {
        expect(markdown).toContain(`(/runs/${run.id})`);
        expect((await opened.evaluations.list(run.id)).map((e) => e.name)).toEqual(expect.arrayContaining(['classification', 'prototypes']));
      }
      const cells = await opened.cells.list(CLAIMS_NOTEBOOK_ID);
      expect(cells[0]!.type).toBe('markdown');
      expect(cells[0]!.spec['source']).toBe(markdown);
      expect(cells.map((c) => c.type)).toEqual(['markdown', 'runs-table', 'metric-chart', 'markdown', 'metric-chart', 'roc-pr']);
      expect(cells[2]!.spec['runs']).toEqual({ fromCell: cells[1]!.id, runIds: [] });
      expect([...(cells[4]!.spec['runs'] as { runIds: string[] }).runIds].sort()).toEqual(runs.map((r) => r.id).sort());
    } finally {
      await opened.close();
    }

    stderr = [];
    await protoscope(...args);
    expect(stderr.join('')).toMatch(/\[1\/1\] evalprotopnet: complete in the store \(setting [0-9a-f]{12}\), skipped/);
    const again = await openStore(store);
    try {
      expect(await again.runs.list({ tags: [REPRODUCE_TAG] })).toHaveLength(4);
      expect((await again.cells.list(CLAIMS_NOTEBOOK_ID)).map((c) => c.type)).toEqual(['markdown', 'runs-table', 'metric-chart', 'markdown', 'metric-chart', 'roc-pr']);
    } finally {
      await again.close();
    }
  }, 300_000);

  it('refuses an unknown claim id, listing the known ones', async () => {
    await expect(protoscope('reproduce', '--only', 'nope', '--store', `sqlite:${path.join(root, 'other.db')}`, '--out', path.join(root, 'x.md'))).rejects.toThrow(
      /--only: unknown claim nope \(claims: protopnet, braix, multiview, evalprotopnet, mdm, ham, fopro, adacam, proc-kd, lesion-linked, shortcut\)/,
    );
  });
});
