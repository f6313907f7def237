import { initEngine } from '@protoscope/engine';
import { bicubicResampleMatrix } from '@protoscope/engine';
import { highActivationBox, percentile } from './high-activation-box';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('percentile', () => {
  it('interpolates linearly between order statistics (numpy default), worked by hand', () => {
    // 10 values 0..9: rank 0.95·9 = 8.55 → 8 + 0.55·(9 − 8) = 8.55
    expect(percentile([3, 1, 4, 0, 9, 2, 6, 5, 8, 7], 95)).toBeCloseTo(8.55, 10);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBeCloseTo(2.5, 10);
  });
});

describe('highActivationBox', () => {
  it('boxes the 5 % brightest pixels of the bicubically upsampled map (hand-checked 2×2 → 4×4)', () => {
    // One hot cell at the top-left of a 2×2 map; upsampled ×2 with half-pixel centres.
    const { box, upsampled } = highActivationBox([[1, 0], [0, 0]], [2, 2], [4, 4]);
    // Independently: the upsampled map is R·A·Rᵀ with R the 2 → 4 bicubic matrix, so pixel (y, x) = R[y][0]·R[x][0].
    const r = bicubicResampleMatrix(2, 4);
    const expected = [0, 1, 2, 3].flatMap((y) => [0, 1, 2, 3].map((x) => r[y * 2]! * r[x * 2]!));
    expected.forEach((v, i) => expect(upsampled[i]).toBeCloseTo(v, 5));
    // The 95th percentile of 16 values lies between the largest and second largest: only the maximum
    // pixels pass. R[·][0] is largest at rows 0 and 1 (both sample at or left of pixel 0's centre).
    const max = Math.max(...expected);
    const winners = expected.map((v, i) => (v >= max - 1e-6 ? i : -1)).filter((i) => i >= 0);
    const rows = winners.map((i) => Math.floor(i / 4));
    const cols = winners.map((i) => i % 4);
    expect(box).toEqual({ hStart: Math.min(...rows), hEnd: Math.max(...rows) + 1, wStart: Math.min(...cols), wEnd: Math.max(...cols) + 1 });
    expect(box.hStart).toBe(0);
    expect(box.wStart).toBe(0);
  });

  it('finds a bright blob where it is on a larger map', () => {
    const map = Array.from({ length: 7 }, (_, y) => Array.from({ length: 7 }, (_, x) => Math.exp(-((y - 5) ** 2 + (x - 2) ** 2))));
    const { box } = highActivationBox(map, [7, 7], [56, 56]);
    // Cell (5, 2) covers pixels [40, 48) × [16, 24); the top 5 % of 3136 pixels (~157) lie around its centre.
    expect(box.hStart).toBeGreaterThanOrEqual(36);
    expect(box.hEnd).toBeLessThanOrEqual(52);
    expect(box.wStart).toBeGreaterThanOrEqual(12);
    expect(box.wEnd).toBeLessThanOrEqual(28);
    expect((box.hEnd - box.hStart) * (box.wEnd - box.wStart)).toBeGreaterThanOrEqual(157);
  });
});
