import { initEngine } from '@protoscope/engine';
import { prototypePartCoverage, type PartKeypoint } from './part-coverage';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** A size × size map, zero except for the given (row, col) peaks. */
function peaks(size: number, ...at: Array<[number, number]>): Float32Array {
  const map = new Float32Array(size * size);
  for (const [row, col] of at) map[row * size + col] = 1;
  return map;
}

const visible = (x: number, y: number): PartKeypoint => ({ x, y, visible: true });

describe('prototypePartCoverage', () => {
  // Map size = image size: the bicubic resize is the identity, so the argmax is exactly the peak.
  // Default half-size at 20 px: round(36 · 20/224) = round(3.21) = 3.
  const same = { mapSize: { height: 20, width: 20 }, imageSize: { height: 20, width: 20 } };

  it('covers keypoints on the inclusive box edges, by the pixel they fall in, and never invisible parts', async () => {
    // Peak at row 10, column 5 → rows 7–13, columns 2–8.
    const [coverage] = await prototypePartCoverage(
      [
        {
          map: peaks(20, [10, 5]),
          parts: [
            visible(8, 13), // bottom-right corner pixel: covered
            visible(8.99, 10), // still pixel column 8: covered
            visible(9, 10), // column 9: outside
            visible(2, 6.999), // pixel row 6: outside
            { x: 5, y: 10, visible: false }, // on the peak, but invisible
          ],
        },
      ],
      same,
    );
    expect(coverage.region).toEqual({ row: 10, col: 5, top: 7, bottom: 13, left: 2, right: 8 });
    expect([...coverage.covered]).toEqual([1, 1, 0, 0, 0]);
  });

  it('clips the box to the image, keeping the far border (x or y = size) inside as the reference does', async () => {
    // Peak at row 19, column 0 → rows 16–20 (clipped to 20, not 19), columns 0–3.
    const [coverage] = await prototypePartCoverage(
      [{ map: peaks(20, [19, 0]), parts: [visible(1, 20), visible(-0.5, 18), visible(3, 16), visible(4, 16)] }],
      same,
    );
    expect(coverage.region).toEqual({ row: 19, col: 0, top: 16, bottom: 20, left: 0, right: 3 });
    expect([...coverage.covered]).toEqual([1, 0, 1, 0]);
  });

  it('takes the first maximum when the upsampled map ties', async () => {
    // 7 → 21 is an exact ×3: output 3r + 1 samples latent r with weights (0, 1, 0, 0), so two equal
    // latent peaks give two exactly equal maxima, at (4, 4) and (16, 16); row-major picks (4, 4).
    // Half-size round(36 · 21/224) = 3. An all-zero map ties everywhere and points at (0, 0).
    const options = { mapSize: { height: 7, width: 7 }, imageSize: { height: 21, width: 21 } };
    const parts = [visible(4, 4), visible(16, 16), visible(3, 3), visible(4, 0)];
    const [twoPeaks, flat] = await prototypePartCoverage(
      [
        { map: peaks(7, [5, 5], [1, 1]), parts },
        { map: new Float32Array(49), parts },
      ],
      options,
    );
    expect(twoPeaks.region).toMatchObject({ row: 4, col: 4, top: 1, bottom: 7 });
    expect([...twoPeaks.covered]).toEqual([1, 0, 1, 0]);
    expect(flat.region).toEqual({ row: 0, col: 0, top: 0, bottom: 3, left: 0, right: 3 });
    expect([...flat.covered]).toEqual([0, 0, 1, 0]);
  });

  it('upsamples 7 × 7 to 224 × 224 with the 36-pixel half-size of the reference', async () => {
    // A peak on latent cell (3, 3) upsamples to a maximum at the centre, pixel 111 or 112 (the two
    // are equal in exact arithmetic; float rounding picks one). Keypoints are placed so that either
    // gives the same answer: 30 px below is inside, 45 px below and 40 px right are outside.
    const [coverage] = await prototypePartCoverage(
      [{ map: peaks(7, [3, 3]), parts: [visible(112, 142), visible(112, 157), visible(152, 112)] }],
      { mapSize: { height: 7, width: 7 }, imageSize: { height: 224, width: 224 } },
    );
    const { row, col, top, bottom, left, right } = coverage.region;
    expect([111, 112]).toContain(row);
    expect([111, 112]).toContain(col);
    expect([bottom - row, row - top, right - col, col - left]).toEqual([36, 36, 36, 36]);
    expect([...coverage.covered]).toEqual([1, 0, 0]);
  });

  it('rejects maps of the wrong size, mismatched part lists and a bad half-size', async () => {
    const options = { mapSize: { height: 2, width: 2 }, imageSize: { height: 4, width: 4 } };
    await expect(prototypePartCoverage([{ map: new Float32Array(3), parts: [visible(0, 0)] }], options)).rejects.toThrow(
      /activations\[0\]\.map must be a Float32Array of mapSize 2 × 2 = 4/,
    );
    await expect(
      prototypePartCoverage(
        [
          { map: new Float32Array(4), parts: [visible(0, 0)] },
          { map: new Float32Array(4), parts: [visible(0, 0), visible(1, 1)] },
        ],
        options,
      ),
    ).rejects.toThrow(/activations\[1\]\.parts has 2 parts but the first image has 1/);
    await expect(prototypePartCoverage([{ map: new Float32Array(4), parts: [visible(0, 0)] }], { ...options, halfSize: 1.5 })).rejects.toThrow(
      /halfSize is 1.5/,
    );
  });
});
