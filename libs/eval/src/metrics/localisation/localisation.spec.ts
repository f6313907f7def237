import { MetricInputError, UndefinedMetricError } from '../errors';
import { energyPointingGame } from './energy-pointing-game';
import { hamLocalisationAccuracy } from './ham-localisation-accuracy';
import { groundTruthMask } from './inputs';
import { localisationDice, localisationIoR, localisationIou, localisationOverlap, thresholdSaliency } from './overlap';
import { pointingGame, pointingGameHit, scaledPointingTolerance } from './pointing-game';

/** A row-major map that is 0 except for the listed (row, col) → value entries. */
function mapWith(height: number, width: number, entries: Array<[number, number, number]>): Float32Array {
  const map = new Float32Array(height * width);
  for (const [row, col, value] of entries) map[row * width + col] = value;
  return map;
}

function maskOf(height: number, width: number, pixels: Array<[number, number]>, value = 1): Uint8Array {
  const mask = new Uint8Array(height * width);
  for (const [row, col] of pixels) mask[row * width + col] = value;
  return mask;
}

describe('ground truth from boxes', () => {
  it('covers the pixels whose centres lie in the box: x inclusive, x + width exclusive', () => {
    // Box x ∈ [1, 3), y ∈ [2, 3) on a 4 × 5 image → row 2, columns 1 and 2.
    const mask = groundTruthMask('test', [{ x: 1, y: 2, width: 2, height: 1 }], { height: 4, width: 5 });
    expect([...mask.keys()].filter((i) => mask[i] === 1)).toEqual([2 * 5 + 1, 2 * 5 + 2]);
  });

  it('uses pixel centres for fractional boxes, clips to the image and unites several boxes', () => {
    // First box x ∈ [0.6, 2.4): centre 1.5 is in, 0.5 and 2.5 are out; y ∈ [−3, 0.6): only row 0
    // (centre 0.5) is in. Second box: column 4 of row 1, the rest lies outside the image.
    const mask = groundTruthMask(
      'test',
      [
        { x: 0.6, y: -3, width: 1.8, height: 3.6 },
        { x: 4, y: 1, width: 10, height: 1 },
      ],
      { height: 3, width: 5 },
    );
    expect([...mask.keys()].filter((i) => mask[i] === 1)).toEqual([1, 1 * 5 + 4]);
  });

  it('reads any non-zero mask value as inside and refuses an empty region', () => {
    const mask = groundTruthMask('test', maskOf(2, 2, [[1, 0]], 255), { height: 2, width: 2 });
    expect([...mask]).toEqual([0, 0, 1, 0]);
    expect(() => groundTruthMask('test', new Uint8Array(4), { height: 2, width: 2 })).toThrow(/groundTruth is empty/);
    expect(() => groundTruthMask('test', [{ x: 0.6, y: 0, width: 0.5, height: 1 }], { height: 2, width: 2 })).toThrow(
      MetricInputError,
    );
    expect(() => groundTruthMask('test', new Uint8Array(5), { height: 2, width: 2 })).toThrow(/5 pixels/);
  });
});

describe('pointingGameHit', () => {
  const size = { height: 10, width: 10 };

  it('accepts a ground-truth pixel strictly within the tolerance of the argmax', () => {
    // Peak at column 2, row 3; ground truth pixel at column 5, row 3: distance exactly 3.
    const saliency = mapWith(10, 10, [[3, 2, 1]]);
    const truth = maskOf(10, 10, [[3, 5]]);
    expect(pointingGameHit(saliency, truth, { ...size, tolerance: 3 })).toEqual({ hit: false, point: { x: 2, y: 3 } });
    expect(pointingGameHit(saliency, truth, { ...size, tolerance: 3.01 }).hit).toBe(true);
  });

  it('points at the first maximum in row-major order when values tie', () => {
    const saliency = mapWith(10, 10, [
      [5, 0, 0.9],
      [0, 5, 0.9],
    ]);
    expect(pointingGameHit(saliency, maskOf(10, 10, [[0, 5]]), { ...size, tolerance: 1 })).toEqual({
      hit: true,
      point: { x: 5, y: 0 },
    });
  });

  it('uses 15 px by default: 14² and 10² + 11² are inside, 15² and 11² + 11² are not', () => {
    const saliency = mapWith(40, 40, [[0, 0, 1]]);
    const big = { height: 40, width: 40 };
    expect(pointingGameHit(saliency, maskOf(40, 40, [[0, 14]]), big).hit).toBe(true);
    expect(pointingGameHit(saliency, maskOf(40, 40, [[0, 15]]), big).hit).toBe(false);
    expect(pointingGameHit(saliency, maskOf(40, 40, [[11, 10]]), big).hit).toBe(true);
    expect(pointingGameHit(saliency, maskOf(40, 40, [[11, 11]]), big).hit).toBe(false);
    expect(scaledPointingTolerance(112)).toBe(7.5);
  });

  it('rejects bad input with the index and a usable message', () => {
    const saliency = mapWith(10, 10, [[0, 0, 1]]);
    saliency[13] = Number.NaN;
    expect(() => pointingGameHit(saliency, maskOf(10, 10, [[0, 0]]), size)).toThrow(/saliency\[13\] \(row 1, column 3\) is NaN/);
    expect(() => pointingGameHit(new Float32Array(9), maskOf(10, 10, [[0, 0]]), size)).toThrow(/9 values/);
    expect(() => pointingGameHit(new Float32Array(100), maskOf(10, 10, [[0, 0]]), { ...size, tolerance: 0 })).toThrow(
      /tolerance is 0/,
    );
  });
});

describe('pointingGame (per class)', () => {
  it('averages hits per class, then over classes', () => {
    const size = { height: 6, width: 6, tolerance: 1 };
    const peak = mapWith(6, 6, [[1, 1, 1]]);
    const onPeak = [{ x: 1, y: 1, width: 1, height: 1 }];
    const away = [{ x: 4, y: 4, width: 2, height: 2 }];
    const result = pointingGame(
      [
        { saliency: peak, groundTruth: onPeak, classIndex: 0 },
        { saliency: peak, groundTruth: away, classIndex: 0 },
        { saliency: peak, groundTruth: onPeak, classIndex: 2 },
      ],
      size,
    );
    // Class 0: one hit of two (0.5); class 2: one of one (1); mean 0.75.
    expect(result.perClass).toEqual([
      { classIndex: 0, hits: 1, misses: 1, accuracy: 0.5 },
      { classIndex: 2, hits: 1, misses: 0, accuracy: 1 },
    ]);
    expect(result.meanAccuracy).toBe(0.75);
    expect(result.cases.map((c) => c.hit)).toEqual([true, false, true]);
  });

  it('refuses no cases and a bad class index', () => {
    expect(() => pointingGame([], { height: 2, width: 2 })).toThrow(/no cases/);
    expect(() =>
      pointingGame([{ saliency: new Float32Array(4), groundTruth: maskOf(2, 2, [[0, 0]]), classIndex: -1 }], {
        height: 2,
        width: 2,
      }),
    ).toThrow(/cases\[0\]\.classIndex is -1/);
  });
});

describe('energyPointingGame', () => {
  it('is the share of the map inside the ground truth', () => {
    // Map [[1, 2], [4, 3]]: mass 10; the box is column 1 of both rows, holding 2 and 3.
    const saliency = Float32Array.from([1, 2, 4, 3]);
    expect(energyPointingGame(saliency, [{ x: 1, y: 0, width: 1, height: 2 }], { height: 2, width: 2 })).toBeCloseTo(
      (2 + 3) / 10,
      12,
    );
  });

  it('refuses negative maps and is undefined for an all-zero map', () => {
    const size = { height: 1, width: 2 };
    expect(() => energyPointingGame(Float32Array.from([1, -1]), maskOf(1, 2, [[0, 0]]), size)).toThrow(/non-negative/);
    try {
      energyPointingGame(new Float32Array(2), maskOf(1, 2, [[0, 0]]), size);
      throw new Error('expected an UndefinedMetricError');
    } catch (error) {
      expect(error).toBeInstanceOf(UndefinedMetricError);
      expect((error as UndefinedMetricError).reason).toBe('empty-saliency');
    }
  });
});

describe('IoU, Dice, IoR of the thresholded map', () => {
  // 4 × 4 map; predicted (≥ 0.5): row 0 columns 0–2 and row 1 columns 0–2 (six pixels, one exactly 0.5).
  const saliency = mapWith(4, 4, [
    [0, 0, 0.9],
    [0, 1, 0.8],
    [0, 2, 0.5],
    [1, 0, 0.7],
    [1, 1, 0.6],
    [1, 2, 0.55],
    [3, 3, 0.49],
  ]);
  // Ground truth: columns 1–2 of rows 1–2 (four pixels).
  const box = [{ x: 1, y: 1, width: 2, height: 2 }];
  const size = { height: 4, width: 4 };

  it('matches counts worked by hand', () => {
    // |P| = 6, |G| = 4, |P ∩ G| = 2 ((1,1), (1,2)), |P ∪ G| = 8.
    expect(localisationOverlap(saliency, box, size)).toEqual({
      iou: 2 / 8,
      dice: (2 * 2) / 10,
      ior: 2 / 6,
      predictedPixels: 6,
      groundTruthPixels: 4,
      intersectionPixels: 2,
    });
    expect(localisationIou(saliency, box, size)).toBe(0.25);
    expect(localisationDice(saliency, box, size)).toBe(0.4);
    expect(localisationIoR(saliency, box, size)).toBe(1 / 3);
  });

  it('thresholds with ≥ and honours the threshold option', () => {
    expect([...thresholdSaliency(Float32Array.from([0.5, 0.49, 0.51]))]).toEqual([1, 0, 1]);
    // At 0.65 only (0,0), (0,1), (1,0) remain: none inside the box.
    expect(localisationOverlap(saliency, box, { ...size, threshold: 0.65 }).intersectionPixels).toBe(0);
    expect(localisationIoR(saliency, box, { ...size, threshold: 0.65 })).toBe(0);
  });

  it('reports IoR as undefined when nothing reaches the threshold', () => {
    expect(localisationOverlap(saliency, box, { ...size, threshold: 2 }).ior).toBeNull();
    expect(() => localisationIoR(saliency, box, { ...size, threshold: 2 })).toThrow(UndefinedMetricError);
    expect(() => localisationIou(saliency, box, { ...size, threshold: Number.NaN })).toThrow(/threshold is NaN/);
  });
});

describe('hamLocalisationAccuracy', () => {
  it('counts, per class, the images reaching each IoU and IoR threshold', () => {
    // 1 × 8 images, ground truth pixels 0–3 for every case.
    const size = { height: 1, width: 8 };
    const truth = maskOf(1, 8, [
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    const predicting = (pixels: number[]) => mapWith(1, 8, pixels.map((col) => [0, col, 1] as [number, number, number]));
    const result = hamLocalisationAccuracy(
      [
        // IoU 2/4 = 0.5, IoR 1.
        { saliency: predicting([0, 1]), groundTruth: truth, classIndex: 3 },
        // IoU 1/4, IoR 1.
        { saliency: predicting([0]), groundTruth: truth, classIndex: 3 },
        // P = 2..6: ∩ = {2, 3}, ∪ = 0..6 → IoU 2/7 ≈ 0.286, IoR 2/5 = 0.4.
        { saliency: predicting([2, 3, 4, 5, 6]), groundTruth: truth, classIndex: 3 },
        // Nothing predicted → IoU 0, IoR 0.
        { saliency: predicting([]), groundTruth: truth, classIndex: 3 },
        // Class 5: P = 0..5: IoU 4/6, IoR 4/6.
        { saliency: predicting([0, 1, 2, 3, 4, 5]), groundTruth: truth, classIndex: 5 },
      ],
      size,
    );
    expect(result.iouThresholds).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(result.iorThresholds).toEqual([0.1, 0.25, 0.5, 0.75, 0.9]);
    const [class3, class5] = result.perClass;
    // Class 3 IoUs {0.5, 0.25, 0.286, 0}: ≥0.1: 3, ≥0.2: 3, ≥0.3: 1, ≥0.4: 1, ≥0.5: 1, ≥0.6: 0, ≥0.7: 0.
    expect(class3.iouAccuracy).toEqual([3, 3, 1, 1, 1, 0, 0].map((k) => k / 4));
    // Class 3 IoRs {1, 1, 0.4, 0}: ≥0.1: 3, ≥0.25: 3, ≥0.5: 2, ≥0.75: 2, ≥0.9: 2.
    expect(class3.iorAccuracy).toEqual([3, 3, 2, 2, 2].map((k) => k / 4));
    expect(class3.emptyPredictions).toBe(1);
    expect(class3.images).toBe(4);
    // Class 5 IoU = IoR = 2/3: passes 0.1–0.6, fails 0.7; IoR passes up to 0.5.
    expect(class5.iouAccuracy).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(class5.iorAccuracy).toEqual([1, 1, 1, 0, 0]);
    expect(result.meanIouAccuracy[2]).toBeCloseTo((1 / 4 + 1) / 2, 12);
    expect(result.meanIorAccuracy[3]).toBeCloseTo((2 / 4 + 0) / 2, 12);
  });

  it('accepts custom thresholds and rejects an empty list', () => {
    const size = { height: 1, width: 2 };
    const cases = [{ saliency: Float32Array.from([0.3, 0.8]), groundTruth: maskOf(1, 2, [[0, 1]]), classIndex: 0 }];
    // At saliency threshold 0.2 both pixels are predicted: IoU 1/2.
    const result = hamLocalisationAccuracy(cases, { ...size, threshold: 0.2, iouThresholds: [0.5, 0.51] });
    expect(result.perClass[0].iouAccuracy).toEqual([1, 0]);
    expect(() => hamLocalisationAccuracy(cases, { ...size, iorThresholds: [] })).toThrow(/iorThresholds must be a non-empty/);
  });
});
