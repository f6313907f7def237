/**
 * `protoscope sweep …` as a user runs it: the real CLI in a child process on a fresh SQLite store
 * (no worker: the trials stay queued, which is what create promises).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '@protoscope/datasets';

const BIN = path.resolve(__dirname, '../../bin/protoscope.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

describe('protoscope sweep', () => {
  let dir: string;
  let store: string;
  let data: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-sweep-cli-'));
    store = `sqlite:${path.join(dir, 'store.db')}`;
    data = path.join(dir, 'data');
    await generateDataset('mammo-two-view', { n: 12, seed: 1, size: 16, options: {} }, data);
    fs.writeFileSync(path.join(dir, 'space.yaml'), 'learningRate: { values: [0.001, 0.01] }\nbackbone.options.widths: { values: [[4, 8], [8, 8]] }\n');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"learningRate": {"min": 0.1, "max": 0.01}}');
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('create queues max-parallel trials of a grid from a YAML space; list, show and cancel', async () => {
    const created = await cli([
      'sweep', 'create', '--method', 'global', '--data', data, '--space', path.join(dir, 'space.yaml'), '--strategy', 'grid',
      '--max-parallel', '3', '--epochs', '2', '--name', 'cli', '--json', '--store', store,
    ]);
    expect(created).toMatchObject({ code: 0 });
    const sweep = lastJson(created.stdout) as { id: string; trials: Array<{ trial: number; params: unknown; state: string }> } & Record<string, unknown>;
    expect(sweep).toMatchObject({
      name: 'cli',
      status: 'running',
      strategy: 'grid',
      method: 'global',
      dataset: 'mammo-two-view-seed1-n12-16px',
      metric: 'val/auc',
      mode: 'max',
      maxParallel: 3,
      budget: null,
      rungs: [2],
      progress: { queued: 3, running: 0, done: 0, stopped: 0, failed: 0 },
      best: null,
    });
    // The first three points of the 2 × 2 grid, the last param changing fastest.
    expect(sweep.trials.map((t) => t.params)).toEqual([
      { learningRate: 0.001, 'backbone.options.widths': [4, 8] },
      { learningRate: 0.001, 'backbone.options.widths': [8, 8] },
      { learningRate: 0.01, 'backbone.options.widths': [4, 8] },
    ]);

    const listed = await cli(['sweep', 'list', '--json', '--store', store]);
    expect((JSON.parse(listed.stdout.trim()) as Array<{ id: string; trials?: unknown }>).map((s) => [s.id, s.trials])).toEqual([[sweep.id, undefined]]);
    const shown = await cli(['sweep', 'show', sweep.id, '--store', store]);
    expect(shown.stdout).toContain(`sweep ${sweep.id} (cli): running; grid over learningRate, backbone.options.widths; global on mammo-two-view-seed1-n12-16px`);
    expect(shown.stdout).toContain('trials: 0 done, 0 running, 3 queued, 0 stopped, 0 failed');

    const cancelled = await cli(['sweep', 'cancel', sweep.id, '--store', store]);
    expect(cancelled.stdout.trim()).toBe(`sweep ${sweep.id} cancelled`);
    const after = lastJson((await cli(['sweep', 'show', sweep.id, '--json', '--store', store])).stdout);
    expect(after).toMatchObject({ status: 'cancelled', progress: { queued: 0, stopped: 3 } });
  }, 300_000);

  it('refuses a bad space with one line naming the param', async () => {
    const result = await cli(['sweep', 'create', '--method', 'global', '--data', data, '--space', path.join(dir, 'bad.json'), '--strategy', 'random', '--budget', '2', '--max-parallel', '1', '--store', store]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('protoscope: sweep space: "learningRate": "min" (0.1) is above "max" (0.01)');
  }, 120_000);

  it('refuses trial settings the worker would refuse before storing the sweep', async () => {
    const space = path.join(dir, 'space.yaml');
    const before = await cli(['sweep', 'list', '--json', '--store', store]);
    const result = await cli(['sweep', 'create', '--method', 'global', '--data', data, '--space', space, '--strategy', 'random', '--budget', '2', '--max-parallel', '1', '--batch-size', '100000', '--store', store]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/batchSize/);
    expect(result.stderr).toMatch(/100000/);
    const after = await cli(['sweep', 'list', '--json', '--store', store]);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
  }, 120_000);
});
