import type { Run } from '@protoscope/tracking';
import type { Claim } from './claim';
import type { ClaimResult } from './claim-result';
import { claimsTable, formatFigure, formatInterval, runsList, summaryTable, tableCell } from './claims-table';
import { pointInterval, seedInterval } from './seed-interval';

const claim: Claim = {
  id: 'example',
  section: '§0',
  system: 'Example | system',
  headline: 'A beats B.',
  setting: () => ({ description: 'toy data', arms: {}, comparisons: [] }),
};
const run = (id: string): Run => ({ id, name: `arm ${id}`, method: 'global' }) as Run;

function result(overrides: Partial<ClaimResult>): ClaimResult {
  return {
    claim,
    scale: 'quick',
    setting: { description: 'toy data, 10 images', arms: {}, comparisons: [] },
    settingKey: 'abc123def456',
    seeds: [1, 2],
    comparisons: [],
    verdict: 'inconclusive',
    runs: [],
    computed: true,
    wallSeconds: 12.4,
    cpuSeconds: 20.6,
    ...overrides,
  };
}

describe('the claims table', () => {
  it('formats a figure as mean [lower, upper], per-seed values and run links', () => {
    // 0.8, 0.9 → 0.850 ± 0.635 (t(0.975, 1) = 12.706).
    const figure = { label: 'A', interval: seedInterval([0.8, 0.9]), runs: [{ id: '11111111-aaaa', seed: 1 }, { id: '22222222-bbbb', seed: 2 }] };
    expect(formatFigure(figure)).toBe('A: 0.850 [0.215, 1.485]; seeds 0.800, 0.900; runs [11111111](/runs/11111111-aaaa) [22222222](/runs/22222222-bbbb)');
    expect(formatFigure({ label: 'all', interval: pointInterval(1), runs: [] })).toBe('all: 1.000 (target)');
    expect(formatInterval(seedInterval([0.5]))).toBe('0.500 (one seed: no interval)');
  });

  it('renders one row per comparison, the claim on its first row, pipes escaped', () => {
    const a = { label: 'A', interval: seedInterval([0.8, 0.9]), runs: [{ id: 'r1', seed: 1 }, { id: 'r2', seed: 2 }] };
    const b = { label: 'B', interval: seedInterval([0.5, 0.6]), runs: [{ id: 'r3', seed: 1 }, { id: 'r4', seed: 2 }] };
    const table = claimsTable([
      result({
        comparisons: [
          { measure: 'AUC', a, b, direction: 'above', margin: 0, verdict: 'inconclusive' },
          { measure: 'AUC', a, b, direction: 'at-least', margin: 0.05, verdict: 'holds' },
        ],
      }),
    ]);
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('| § | system | headline claim | setting (seeds) | comparison | our figure, mean [95 % t-interval over seeds] | compared with | verdict |');
    expect(lines[2]).toBe(
      '| §0 | Example \\| system | A beats B. | toy data, 10 images (seeds 1, 2) | AUC: A > B | A: 0.850 [0.215, 1.485]; seeds 0.800, 0.900; runs [r1](/runs/r1) [r2](/runs/r2) | B: 0.550 [-0.085, 1.185]; seeds 0.500, 0.600; runs [r3](/runs/r3) [r4](/runs/r4) | **inconclusive** |',
    );
    expect(lines[3]).toMatch(/^\| {2}\| {2}\| {2}\| {2}\| AUC: A ≥ B − 0.05 \| .* \| \*\*holds\*\* \|$/);
  });

  it('gives a claim without figures one row saying why', () => {
    const table = claimsTable([result({ verdict: 'not available', unavailable: "method 'x' not registered in this build" })]);
    expect(table.trimEnd().split('\n')[2]).toBe("| §0 | Example \\| system | A beats B. | toy data, 10 images (seeds 1, 2) | — | — | — | **not available**: method 'x' not registered in this build |");
  });

  it('lists cost per claim and every run with its full id', () => {
    const done = result({ runs: [run('r1'), run('r2')] });
    // Two runs of 30 s and 45.4 s from start to finish → 75 s.
    Object.assign(done.runs[0]!, { startedAt: new Date(1000), finishedAt: new Date(31_000) });
    Object.assign(done.runs[1]!, { startedAt: new Date(0), finishedAt: new Date(45_400) });
    expect(summaryTable([done, result({ computed: false })]).split('\n').slice(2, 4)).toEqual([
      '| §0 example | inconclusive | 2 | 75 | 12 | 21 | example/abc123def456 |',
      '| §0 example | inconclusive | 0 | 0 | (stored) | (stored) | example/abc123def456 |',
    ]);
    expect(runsList([done])).toBe('- §0 example: [arm r1](/runs/r1) `r1`, [arm r2](/runs/r2) `r2`\n');
  });

  it('keeps cells on one line', () => {
    expect(tableCell('a | b\n  c')).toBe('a \\| b c');
  });
});
