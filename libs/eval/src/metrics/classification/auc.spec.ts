import { MetricInputError, UndefinedMetricError } from '../errors';
import { oneVsRestRocAuc, rocAuc } from './auc';
import { parkMiller, tiedBinaryCases } from './spec-helpers';

/** Mann–Whitney by definition: over every (positive, negative) pair, 1 if ordered right, ½ if tied. */
function bruteForceAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let pairs = 0;
  let credit = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) credit += 1;
      else if (scores[i] === scores[j]) credit += 0.5;
    }
  }
  return credit / pairs;
}

describe('rocAuc (binary)', () => {
  it('counts a tie as half on a hand-worked case', () => {
    // Positives 0.9, 0.8, 0.7, 0.6; negatives 0.8, 0.6, 0.4, 0.3 → 16 pairs.
    //   0.9 beats all four negatives                      → 4
    //   0.8 ties 0.8 (½), beats 0.6, 0.4, 0.3              → 3.5
    //   0.7 loses to 0.8, beats 0.6, 0.4, 0.3              → 3
    //   0.6 loses to 0.8, ties 0.6 (½), beats 0.4, 0.3     → 2.5
    // AUC = 13 / 16 = 0.8125.
    const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3];
    const labels = [1, 1, 0, 1, 0, 1, 0, 0];
    expect(rocAuc(scores, labels)).toBe(13 / 16);
  });

  it('handles ties only, perfect and reversed rankings', () => {
    // Every pair tied → each counts ½.
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    // Positives {1, 1}, negatives {1, 0}: each positive ties one negative (½) and beats one (1) → 3/4.
    expect(rocAuc([1, 1, 1, 0], [1, 1, 0, 0])).toBe(0.75);
    expect(rocAuc([3, 4, 1, 2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([1, 2, 3, 4], [1, 1, 0, 0])).toBe(0);
  });

  it('matches a brute-force Mann–Whitney count on random data with many ties', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { scores, labels } = tiedBinaryCases(seed, 300, 5, seed % 3);
      expect(rocAuc(scores, labels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
    }
  });

  it('does not depend on case order or on a monotone rescaling of the scores', () => {
    const { scores, labels } = tiedBinaryCases(9, 120);
    const reversedScores = [...scores].reverse();
    const reversedLabels = [...labels].reverse();
    expect(rocAuc(reversedScores, reversedLabels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
    expect(rocAuc(scores.map((s) => Math.log(s + 0.01) * 3 - 7), labels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
  });

  it('accepts typed arrays and scores a two-column matrix by its second column', () => {
    const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3];
    const labels = [1, 1, 0, 1, 0, 1, 0, 0];
    expect(rocAuc(Float32Array.from([4, 3, 3, 2, 1, 1, 0, -1]), Int8Array.from(labels))).toBe(13 / 16);
    expect(rocAuc(scores.map((p) => [1 - p, p]), labels)).toBe(13 / 16);
  });

  it('throws a typed error when AUC is undefined (a class is absent)', () => {
    expect(() => rocAuc([0.1, 0.2], [0, 0])).toThrow(UndefinedMetricError);
    try {
      rocAuc([0.1, 0.2, 0.3], [1, 1, 1]);
      throw new Error('expected an UndefinedMetricError');
    } catch (error) {
      expect(error).toBeInstanceOf(UndefinedMetricError);
      expect((error as UndefinedMetricError).reason).toBe('no-negative-cases');
      expect((error as Error).message).toMatch(/all 3 labels are 1/);
    }
  });

  it('rejects malformed input with the index of the bad value', () => {
    expect(() => rocAuc([0.1, Number.NaN], [0, 1])).toThrow(/scores\[1\] is NaN/);
    expect(() => rocAuc([0.1, 0.2], [0, 2])).toThrow(/labels\[1\] is 2/);
    expect(() => rocAuc([0.1, 0.2, 0.3], [0, 1])).toThrow(MetricInputError);
    expect(() => rocAuc([], [])).toThrow(/no cases/);
  });
});

describe('rocAuc (multi-class, one-vs-rest)', () => {
  /** Random K-column rows with values on a coarse grid (ties), the true class nudged up. */
  function tiedMulticlassCases(seed: number, n: number, numClasses: number): { rows: number[][]; labels: number[] } {
    const random = parkMiller(seed);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const label = Math.floor(random() * numClasses);
      const raw = Array.from({ length: numClasses }, (_, k) => Math.floor(random() * 4) + (k === label ? 1 : 0) + 0.5);
      const total = raw.reduce((a, b) => a + b, 0);
      rows.push(raw.map((v) => v / total));
      labels.push(label);
    }
    return { rows, labels };
  }

  it('macro AUC is the mean of per-class brute-force AUCs', () => {
    const { rows, labels } = tiedMulticlassCases(11, 250, 4);
    const perClass = [0, 1, 2, 3].map((k) =>
      bruteForceAuc(
        rows.map((row) => row[k]),
        labels.map((y) => (y === k ? 1 : 0)),
      ),
    );
    const result = oneVsRestRocAuc(rows, labels);
    result.perClass.forEach((entry, k) => expect(entry.auc).toBeCloseTo(perClass[k], 12));
    const macro = perClass.reduce((a, b) => a + b, 0) / 4;
    expect(result.macro).toBeCloseTo(macro, 12);
    expect(rocAuc(rows, labels)).toBeCloseTo(macro, 12);
  });

  it('a hand case: three classes, two cases each', () => {
    const rows = [
      [0.7, 0.2, 0.1], // class 0
      [0.4, 0.4, 0.2], // class 0
      [0.2, 0.5, 0.3], // class 1
      [0.4, 0.3, 0.3], // class 1
      [0.1, 0.3, 0.6], // class 2
      [0.3, 0.3, 0.4], // class 2
    ];
    const labels = [0, 0, 1, 1, 2, 2];
    // Class 0 column: positives 0.7, 0.4; negatives 0.2, 0.4, 0.1, 0.3.
    //   0.7 beats all 4 → 4; 0.4 beats 0.2, 0.1, 0.3 and ties 0.4 → 3.5.  AUC₀ = 7.5/8.
    // Class 1 column: positives 0.5, 0.3; negatives 0.2, 0.4, 0.3, 0.3.
    //   0.5 beats all 4 → 4; 0.3 beats 0.2, ties two 0.3s, loses to 0.4 → 2.  AUC₁ = 6/8.
    // Class 2 column: positives 0.6, 0.4; negatives 0.1, 0.2, 0.3, 0.3.
    //   both beat all 4 → 8.  AUC₂ = 8/8.
    const result = oneVsRestRocAuc(rows, labels);
    expect(result.perClass.map((c) => c.auc)).toEqual([7.5 / 8, 6 / 8, 1]);
    expect(rocAuc(rows, labels)).toBeCloseTo((7.5 / 8 + 6 / 8 + 1) / 3, 15);
  });

  it('marks an absent class null in the table and throws for the macro value', () => {
    const rows = [
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
      [0.5, 0.4, 0.1],
    ];
    const labels = [0, 1, 0];
    const result = oneVsRestRocAuc(rows, labels);
    expect(result.perClass[2]).toEqual({ classIndex: 2, auc: null, undefinedReason: 'absent-classes' });
    expect(result.perClass[0].auc).toBe(1);
    expect(result.macro).toBeNull();
    expect(() => rocAuc(rows, labels)).toThrow(/class\(es\) 2 of 0–2 cannot be scored/);
  });

  it('rejects ragged rows and labels outside the classes', () => {
    expect(() => rocAuc([[0.2, 0.3, 0.5], [0.5, 0.5]], [0, 1])).toThrow(/probabilities\[1\] has 2 columns/);
    expect(() => rocAuc([[0.2, 0.3, 0.5], [0.5, 0.4, 0.1]], [0, 3])).toThrow(/labels\[1\] is 3/);
  });
});
