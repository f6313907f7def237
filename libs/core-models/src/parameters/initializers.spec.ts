import { fans, initializers } from './initializers';
import { seededRandom, stableHash, streamKey } from './seeded-random';

const stats = (values: Float32Array) => {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min: Math.min(...values.subarray(0, 100000)), max: Math.max(...values.subarray(0, 100000)) };
};

describe('stable hash and streams', () => {
  test('FNV-1a matches its published test vectors', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });

  test('streams differ by seed and by name, and replay exactly', () => {
    const draw = (seed: number, name: string) => Array.from({ length: 5 }, seededRandom(streamKey(seed, name)).uniform);
    expect(draw(1, 'a/b')).toEqual(draw(1, 'a/b'));
    expect(draw(1, 'a/b')).not.toEqual(draw(2, 'a/b'));
    expect(draw(1, 'a/b')).not.toEqual(draw(1, 'a/c'));
    expect(() => streamKey(1.5, 'x')).toThrow(/safe integer/);
  });

  test('uniform draws lie in [0, 1) with mean ≈ 0.5; normals have mean ≈ 0 and std ≈ 1', () => {
    const random = seededRandom(42);
    const u = Float32Array.from({ length: 100000 }, random.uniform);
    const n = Float32Array.from({ length: 100000 }, random.normal);
    const su = stats(u);
    expect(su.min).toBeGreaterThanOrEqual(0);
    expect(su.max).toBeLessThan(1);
    expect(su.mean).toBeCloseTo(0.5, 2);
    const sn = stats(n);
    expect(Math.abs(sn.mean)).toBeLessThan(0.01);
    expect(Math.abs(sn.std - 1)).toBeLessThan(0.01);
  });
});

describe('initialisers', () => {
  test('fans follow PyTorch for conv filters [kh, kw, in, out] and dense weights [in, out]', () => {
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(fans([10, 4])).toEqual({ fanIn: 10, fanOut: 4 });
    expect(fans([7])).toEqual({ fanIn: 7, fanOut: 7 });
  });

  test.each([
    ['fan_in', Math.sqrt(2 / (9 * 64))],
    ['fan_out', Math.sqrt(2 / (9 * 256))],
  ] as const)('He normal (%s) on [3, 3, 64, 256] has mean 0 and std √(2/fan) within 1 %%', (mode, expected) => {
    const values = initializers.heNormal({ mode }).sample([3, 3, 64, 256], seededRandom(7));
    const { mean, std } = stats(values);
    expect(Math.abs(mean)).toBeLessThan(expected * 0.01);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.01);
  });

  test('Glorot uniform stays within √(6/(in+out)) and has variance limit²/3', () => {
    const limit = Math.sqrt(6 / (200 + 300));
    const values = initializers.glorotUniform().sample([200, 300], seededRandom(3));
    const { std, min, max } = stats(values);
    expect(min).toBeGreaterThanOrEqual(-limit);
    expect(max).toBeLessThanOrEqual(limit);
    expect(Math.abs(std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
  });

  test('uniform(a, b), constant, zeros, ones', () => {
    const u = stats(initializers.uniform(2, 5).sample([50000], seededRandom(1)));
    expect(u.min).toBeGreaterThanOrEqual(2);
    expect(u.max).toBeLessThan(5);
    expect(u.mean).toBeCloseTo(3.5, 1);
    expect(() => initializers.uniform(1, 1)).toThrow(/upper bound/);
    expect(Array.from(initializers.constant(0.25).sample([2, 2], seededRandom(1)))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(initializers.zeros().sample([3], seededRandom(1)))).toEqual([0, 0, 0]);
    expect(Array.from(initializers.ones().sample([2], seededRandom(1)))).toEqual([1, 1]);
  });
});
