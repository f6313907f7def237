/**
 * The server draws heat maps and lists methods without tfjs: its whole module graph, started and
 * asked the `methods` query in a fresh Node process, loads no `@tensorflow/*` module, no compute
 * engine, no native torch addon, no explainer and no model code (see testing/module-graph-probe.ts).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { METHOD_CATALOGUE } from '@protoscope/core-models/catalogue';

const WORKSPACE = path.resolve(__dirname, '../../..');
const PROBE = path.join(__dirname, 'testing', 'module-graph-probe.ts');

interface ProbeResult {
  methods: number;
  /** Each forbidden module with the modules that required it, innermost first. */
  loaded: string[][];
}

describe('the server module graph', () => {
  it('loads neither tfjs, nor the engine, nor any model, and still lists every method', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', PROBE], { cwd: WORKSPACE, timeout: 90_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as ProbeResult;
    // Named with its chain, so a failure says which import brought it in.
    expect(result.loaded.map((chain) => chain.join(' <- '))).toEqual([]);
    expect(result.methods).toBe(METHOD_CATALOGUE.length);
    expect(result.methods).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
