import { UndefinedMetricError } from '../errors';
import { tiedBinaryCases } from './spec-helpers';
import {
  accuracy,
  balancedAccuracy,
  ConfusionMatrix,
  confusionMatrix,
  f1,
  precision,
  sensitivity,
  sensitivityAtSpecificity,
  specificity,
} from './threshold-metrics';

describe('binary metrics at a threshold', () => {
  // Positives 0.9, 0.8, 0.5, 0.4; negatives 0.7, 0.2, 0.5, 0.1.
  const scores = [0.9, 0.8, 0.5, 0.4, 0.7, 0.2, 0.5, 0.1];
  const labels = [1, 1, 1, 1, 0, 0, 0, 0];

  it('counts a score equal to the threshold as positive and reads the rates by hand', () => {
    // At 0.5: positives 0.9, 0.8, 0.5 called (TP 3), 0.4 missed (FN 1);
    //         negatives 0.7 and 0.5 called (FP 2), 0.2 and 0.1 not (TN 2).
    const matrix = confusionMatrix(scores, labels);
    expect(matrix.toJSON()).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(accuracy(scores, labels)).toBe(5 / 8);
    expect(sensitivity(scores, labels)).toBe(3 / 4);
    expect(specificity(scores, labels)).toBe(2 / 4);
    expect(precision(scores, labels)).toBe(3 / 5);
    // F1 = 2TP / (2TP + FP + FN) = 6 / 9.
    expect(f1(scores, labels)).toBeCloseTo(2 / 3, 15);
    expect(balancedAccuracy(scores, labels)).toBe((3 / 4 + 2 / 4) / 2);
  });

  it('moves with the threshold', () => {
    // At 0.6: TP 2 (0.9, 0.8), FN 2, FP 1 (0.7), TN 3.
    expect(confusionMatrix(scores, labels, { threshold: 0.6 }).toJSON()).toEqual([
      [3, 1],
      [2, 2],
    ]);
    expect(sensitivity(scores, labels, { threshold: 0.6 })).toBe(0.5);
    expect(specificity(scores, labels, { threshold: 0.6 })).toBe(0.75);
  });

  it('throws for 0/0 rates but gives F1 = 0 when positives exist and none is called', () => {
    try {
      precision(scores, labels, { threshold: 2 });
      throw new Error('expected an UndefinedMetricError');
    } catch (error) {
      expect((error as UndefinedMetricError).reason).toBe('no-predicted-positives');
    }
    expect(f1(scores, labels, { threshold: 2 })).toBe(0);
    expect(() => sensitivity([0.2, 0.7], [0, 0])).toThrow(/no positive \(1\) labels/);
    expect(() => balancedAccuracy([0.2, 0.7], [0, 0])).toThrow(UndefinedMetricError);
    expect(() => specificity([0.2, 0.7], [1, 1])).toThrow(UndefinedMetricError);
  });
});

describe('multi-class metrics (argmax)', () => {
  const rows = [
    [0.5, 0.3, 0.2], // label 0 → predicted 0
    [0.4, 0.4, 0.2], // label 1 → tie 0/1 goes to the lower index: predicted 0
    [0.1, 0.6, 0.3], // label 1 → 1
    [0.2, 0.2, 0.6], // label 2 → 2
    [0.3, 0.5, 0.2], // label 2 → 1
    [0.6, 0.1, 0.3], // label 0 → 0
  ];
  const labels = [0, 1, 1, 2, 2, 0];

  it('builds counts[actual][predicted] with ties to the lowest class', () => {
    expect(confusionMatrix(rows, labels).toJSON()).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
  });

  it('reads per-class and macro rates worked out by hand', () => {
    // class 0: TP 2, FN 0, FP 1, TN 3 → sens 1, spec 3/4, precision 2/3, F1 4/5
    // class 1: TP 1, FN 1, FP 1, TN 3 → sens 1/2, spec 3/4, precision 1/2, F1 2/4
    // class 2: TP 1, FN 1, FP 0, TN 4 → sens 1/2, spec 1, precision 1, F1 2/3
    const perClass = confusionMatrix(rows, labels).perClass();
    expect(perClass.map((c) => [c.truePositives, c.falseNegatives, c.falsePositives, c.trueNegatives])).toEqual([
      [2, 0, 1, 3],
      [1, 1, 1, 3],
      [1, 1, 0, 4],
    ]);
    expect(perClass.map((c) => c.sensitivity)).toEqual([1, 0.5, 0.5]);
    expect(perClass.map((c) => c.specificity)).toEqual([0.75, 0.75, 1]);
    expect(perClass[0].precision).toBeCloseTo(2 / 3, 15);
    expect(perClass[2].f1).toBeCloseTo(2 / 3, 15);
    expect(accuracy(rows, labels)).toBeCloseTo(4 / 6, 15);
    expect(balancedAccuracy(rows, labels)).toBeCloseTo(2 / 3, 15);
    expect(sensitivity(rows, labels)).toBeCloseTo(2 / 3, 15);
    expect(specificity(rows, labels)).toBeCloseTo(2.5 / 3, 15);
    expect(precision(rows, labels)).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3, 15);
    expect(f1(rows, labels)).toBeCloseTo(59 / 90, 15);
  });

  it('names a class that is never predicted when macro precision is undefined', () => {
    const matrix = new ConfusionMatrix([
      [3, 1, 0],
      [0, 2, 0],
      [1, 1, 0],
    ]);
    expect(matrix.rates(2).precision).toBeNull();
    expect(matrix.rates(2).f1).toBe(0);
    expect(() => matrix.precision()).toThrow(/class\(es\) 2 are never predicted/);
  });

  it('rejects classes outside the matrix and non-count entries', () => {
    expect(() => ConfusionMatrix.fromPredictions([0, 3], [0, 1], 3)).toThrow(/case 1 has label 1 and prediction 3/);
    expect(() => new ConfusionMatrix([[1, -1], [0, 2]])).toThrow(/non-negative integers/);
    expect(() => confusionMatrix([0.2, 0.9], [0, 1], { threshold: Number.NaN })).toThrow(/threshold is NaN/);
  });
});

describe('sensitivityAtSpecificity', () => {
  // Negatives 0.1, 0.2, 0.3, 0.4, 0.8; positives 0.35, 0.5, 0.6, 0.8, 0.9.
  const scores = [0.1, 0.2, 0.3, 0.4, 0.8, 0.35, 0.5, 0.6, 0.8, 0.9];
  const labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

  it('picks the most sensitive threshold that keeps the target specificity (hand case)', () => {
    // threshold  TP FP  sens  spec
    //   0.9      1  0   0.2   1.0
    //   0.8      2  1   0.4   0.8   (the two 0.8s, one of each class, cross together)
    //   0.6      3  1   0.6   0.8
    //   0.5      4  1   0.8   0.8   ← best with spec ≥ 0.8
    //   0.4      4  2   0.8   0.6
    //   0.35     5  2   1.0   0.6
    expect(sensitivityAtSpecificity(scores, labels, 0.8)).toEqual({
      threshold: 0.5,
      sensitivity: 0.8,
      specificity: 0.8,
      targetSpecificity: 0.8,
    });
    // Spec ≥ 0.9 means no false positive; the tie at 0.8 cannot be split, so only 0.9 qualifies.
    expect(sensitivityAtSpecificity(scores, labels, 0.9)).toMatchObject({ threshold: 0.9, sensitivity: 0.2, specificity: 1 });
    // With no constraint the first threshold reaching sensitivity 1 (0.35) wins.
    expect(sensitivityAtSpecificity(scores, labels, 0)).toMatchObject({ threshold: 0.35, sensitivity: 1, specificity: 0.6 });
  });

  it('among equally sensitive thresholds keeps the most specific one', () => {
    // Positives 0.9, 0.7; negatives 0.6, 0.3, 0.2, 0.1; target 0.5:
    // 0.7, 0.6 and 0.3 all reach sensitivity 1 (spec 1, 0.75, 0.5) → 0.7 with specificity 1.
    expect(sensitivityAtSpecificity([0.9, 0.7, 0.6, 0.3, 0.2, 0.1], [1, 1, 0, 0, 0, 0], 0.5)).toMatchObject({
      threshold: 0.7,
      sensitivity: 1,
      specificity: 1,
    });
  });

  it('falls back to calling nothing positive when only that reaches the target', () => {
    // The only positive ties a negative: any finite threshold that catches it has a false positive.
    expect(sensitivityAtSpecificity([0.9, 0.9, 0.1], [1, 0, 0], 1)).toEqual({
      threshold: Infinity,
      sensitivity: 0,
      specificity: 1,
      targetSpecificity: 1,
    });
  });

  it('agrees with an exhaustive search over thresholds on tied random data, and the threshold reproduces the point', () => {
    for (const seed of [4, 6]) {
      const data = tiedBinaryCases(seed, 160, 7);
      for (const target of [0.5, 0.8, 0.95]) {
        let best = { threshold: Infinity, sensitivity: 0, specificity: 1 };
        for (const t of new Set(data.scores)) {
          let tp = 0;
          let fp = 0;
          let p = 0;
          let n = 0;
          data.scores.forEach((s, i) => {
            if (data.labels[i] === 1) {
              p++;
              if (s >= t) tp++;
            } else {
              n++;
              if (s >= t) fp++;
            }
          });
          const point = { threshold: t, sensitivity: tp / p, specificity: (n - fp) / n };
          if (point.specificity < target) continue;
          const better =
            point.sensitivity > best.sensitivity ||
            (point.sensitivity === best.sensitivity && point.specificity > best.specificity);
          if (better) best = point;
        }
        const got = sensitivityAtSpecificity(data.scores, data.labels, target);
        expect(got).toMatchObject(best);
        if (Number.isFinite(got.threshold)) {
          const rates = confusionMatrix(data.scores, data.labels, { threshold: got.threshold }).rates(1);
          expect(rates.sensitivity).toBe(got.sensitivity);
          expect(rates.specificity).toBe(got.specificity);
        }
      }
    }
  });

  it('rejects a target outside [0, 1]', () => {
    expect(() => sensitivityAtSpecificity(scores, labels, 1.2)).toThrow(/targetSpecificity is 1.2/);
  });
});
