import { UndefinedMetricError } from '../errors';
import { rocAuc } from './auc';
import { averagePrecision, precisionRecallCurve, rocCurve } from './curves';
import { parkMiller, tiedBinaryCases } from './spec-helpers';

// The hand case shared by these tests: four positives, four negatives, ties at 0.8 and 0.6.
const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3];
const labels = [1, 1, 0, 1, 0, 1, 0, 0];

/** AP by its per-positive definition: mean over positives of the precision at that positive's score. */
function bruteForceAveragePrecision(s: number[], y: number[]): number {
  let sum = 0;
  let positives = 0;
  for (let i = 0; i < s.length; i++) {
    if (y[i] !== 1) continue;
    positives++;
    let called = 0;
    let correct = 0;
    for (let j = 0; j < s.length; j++) {
      if (s[j] >= s[i]) {
        called++;
        correct += y[j];
      }
    }
    sum += correct / called;
  }
  return sum / positives;
}

function trapezoidArea(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

describe('rocCurve', () => {
  it('gives one point per distinct score, from (0, 0) to (1, 1), on a hand case', () => {
    // threshold  called positive            TP FP   → (FPR, TPR)
    //   +∞       nothing                    0  0      (0, 0)
    //   0.9      0.9                        1  0      (0, 1/4)
    //   0.8      + both 0.8s (one of each)  2  1      (1/4, 2/4)   ← the tie is one diagonal step
    //   0.7      + 0.7                      3  1      (1/4, 3/4)
    //   0.6      + both 0.6s (one of each)  4  2      (2/4, 1)
    //   0.4      + 0.4                      4  3      (3/4, 1)
    //   0.3      everything                 4  4      (1, 1)
    const curve = rocCurve(scores, labels);
    expect(curve.thresholds).toEqual([Infinity, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3]);
    expect(curve.fpr).toEqual([0, 0, 0.25, 0.25, 0.5, 0.75, 1]);
    expect(curve.tpr).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('encloses the hand-counted AUC, and the rank AUC on tied random data (two separate code paths)', () => {
    // Hand area of the case above: 13/16 (the pair count is worked out in auc.spec.ts).
    const hand = rocCurve(scores, labels);
    expect(trapezoidArea(hand.fpr, hand.tpr)).toBeCloseTo(13 / 16, 15);
    for (const seed of [3, 7, 21]) {
      const data = tiedBinaryCases(seed, 200, 4);
      const curve = rocCurve(data.scores, data.labels);
      expect(trapezoidArea(curve.fpr, curve.tpr)).toBeCloseTo(rocAuc(data.scores, data.labels), 12);
    }
  });

  it('does not depend on the input order of tied cases', () => {
    const order = [5, 2, 7, 0, 4, 1, 6, 3];
    const curve = rocCurve(order.map((i) => scores[i]), order.map((i) => labels[i]));
    expect(curve.tpr).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('is undefined without both classes', () => {
    expect(() => rocCurve([0.2, 0.4], [1, 1])).toThrow(UndefinedMetricError);
    expect(() => rocCurve([[0.2, 0.3, 0.5]], [1])).toThrow(/oneVsRest/);
  });
});

describe('precisionRecallCurve and averagePrecision', () => {
  it('walks the hand case from (recall 0, precision 1)', () => {
    // threshold  TP FP  recall  precision
    //   +∞       -  -   0       1   (convention)
    //   0.9      1  0   1/4     1
    //   0.8      2  1   2/4     2/3
    //   0.7      3  1   3/4     3/4
    //   0.6      4  2   1       4/6
    //   0.4      4  3   1       4/7
    //   0.3      4  4   1       4/8
    const curve = precisionRecallCurve(scores, labels);
    expect(curve.thresholds).toEqual([Infinity, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3]);
    expect(curve.recall).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
    [1, 1, 2 / 3, 3 / 4, 4 / 6, 4 / 7, 4 / 8].forEach((p, i) => expect(curve.precision[i]).toBeCloseTo(p, 15));
    // AP = Σ Δrecall · precision = ¼·(1 + 2/3 + 3/4 + 2/3) = 37/48.
    expect(averagePrecision(scores, labels)).toBeCloseTo(37 / 48, 15);
  });

  it('matches the per-positive definition of AP on tied random data', () => {
    for (const seed of [2, 8]) {
      const data = tiedBinaryCases(seed, 150, 5);
      expect(averagePrecision(data.scores, data.labels)).toBeCloseTo(bruteForceAveragePrecision(data.scores, data.labels), 12);
    }
  });

  it('macro AP of a matrix is the mean of the per-class brute-force values', () => {
    const random = parkMiller(5);
    const rows = Array.from({ length: 90 }, () => [0, 1, 2].map(() => Math.floor(random() * 5) / 5));
    const y = rows.map((_, i) => i % 3);
    const expected =
      [0, 1, 2]
        .map((k) => bruteForceAveragePrecision(rows.map((r) => r[k]), y.map((c) => (c === k ? 1 : 0))))
        .reduce((a, b) => a + b, 0) / 3;
    expect(averagePrecision(rows, y)).toBeCloseTo(expected, 12);
  });

  it('needs positives but not negatives', () => {
    expect(precisionRecallCurve([0.3, 0.6], [1, 1]).precision).toEqual([1, 1, 1]);
    expect(() => averagePrecision([0.3, 0.6], [0, 0])).toThrow(UndefinedMetricError);
    expect(() => averagePrecision([[0.5, 0.3, 0.2]], [0])).toThrow(/class\(es\) 1, 2/);
  });
});
