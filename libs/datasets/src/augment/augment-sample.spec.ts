import { createLabelMap, createRaster } from '../image/raster';
import { SeededRandom } from '../random/seeded-random';
import { apply } from './affine-transform';
import { AugmentConfigSchema, NO_AUGMENTATION } from './augment-config';
import { augmentSample } from './augment-sample';

function blobSample(size = 32) {
  const image = createRaster(size, size, 1);
  const lesionMap = createLabelMap(size, size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      image.data[y * size + x] = (x + 2 * y) / (3 * size); // a gradient, so flips are visible
      if ((x - 8.5) ** 2 + (y - 10.5) ** 2 < 9) {
        lesionMap.data[y * size + x] = 1;
        image.data[y * size + x] = 1;
      }
    }
  }
  return { image, lesionMap, keypoints: [{ name: 'tip', x: 8.5, y: 10.5, visible: true }] };
}

function centroid(map: { width: number; data: Uint8Array }) {
  let sx = 0, sy = 0, n = 0;
  map.data.forEach((v, i) => {
    if (!v) return;
    sx += (i % map.width) + 0.5;
    sy += Math.floor(i / map.width) + 0.5;
    n++;
  });
  return { x: sx / n, y: sy / n, n };
}

describe('augmentSample', () => {
  it('is reproducible for a seed and varies across seeds', () => {
    const config = AugmentConfigSchema.parse({ elastic: { enabled: true } });
    const a = augmentSample(blobSample(), config, new SeededRandom(5));
    const b = augmentSample(blobSample(), config, new SeededRandom(5));
    const c = augmentSample(blobSample(), config, new SeededRandom(6));
    expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
    expect(Array.from(b.lesionMap!.data)).toEqual(Array.from(a.lesionMap!.data));
    expect(Array.from(c.image.data)).not.toEqual(Array.from(a.image.data));
  });

  it('a horizontal flip mirrors image, mask and keypoints exactly', () => {
    const sample = blobSample();
    const out = augmentSample(sample, { ...NO_AUGMENTATION, horizontalFlip: 1 }, new SeededRandom(0));
    const size = 32;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        expect(out.image.data[y * size + x]).toBeCloseTo(sample.image.data[y * size + (size - 1 - x)]!, 6);
        expect(out.lesionMap!.data[y * size + x]).toBe(sample.lesionMap.data[y * size + (size - 1 - x)]);
      }
    }
    expect(out.keypoints![0]).toMatchObject({ x: 32 - 8.5, y: 10.5, visible: true });
    // The bright lesion pixels are exactly where the flipped mask says.
    out.lesionMap!.data.forEach((v, i) => v && expect(out.image.data[i]).toBe(1));
  });

  it("after rotation and crop the mask's centroid is where the transform puts the lesion", () => {
    for (let seed = 0; seed < 5; seed++) {
      const sample = blobSample();
      const config = { ...NO_AUGMENTATION, rotationDegrees: 30, cropMinScale: 0.8, horizontalFlip: 0.5 };
      const out = augmentSample(sample, config, new SeededRandom(seed));
      const expected = apply(out.parameters.transform, centroid(sample.lesionMap));
      const got = centroid(out.lesionMap!);
      expect(Math.hypot(got.x - expected.x, got.y - expected.y)).toBeLessThan(1);
      const keypoint = apply(out.parameters.transform, sample.keypoints[0]!);
      expect(Math.hypot(out.keypoints![0]!.x - keypoint.x, out.keypoints![0]!.y - keypoint.y)).toBeLessThan(1e-9);
    }
  });

  it('intensity jitter changes pixels but not the mask', () => {
    const sample = blobSample();
    const out = augmentSample(sample, { ...NO_AUGMENTATION, brightness: 0.2, contrast: 0.2 }, new SeededRandom(1));
    expect(Array.from(out.lesionMap!.data)).toEqual(Array.from(sample.lesionMap.data));
    expect(Array.from(out.image.data)).not.toEqual(Array.from(sample.image.data));
    expect(Math.min(...out.image.data)).toBeGreaterThanOrEqual(0);
  });
});
