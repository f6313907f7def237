import { UndefinedMetricError } from '../errors';
import { rocAuc } from '../classification/auc';
import { parkMiller, tiedBinaryCases } from '../classification/spec-helpers';
import { weightedRocAuc } from './weighted-auc';

describe('weightedRocAuc', () => {
  it('equals rocAuc on the data with each case repeated weight times (ties included)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { scores, labels } = tiedBinaryCases(seed, 80, 5, seed % 2);
      const random = parkMiller(seed + 100);
      const weights = scores.map(() => Math.floor(random() * 4));
      const repeatedScores: number[] = [];
      const repeatedLabels: number[] = [];
      weights.forEach((w, i) => {
        for (let k = 0; k < w; k++) {
          repeatedScores.push(scores[i]);
          repeatedLabels.push(labels[i]);
        }
      });
      expect(weightedRocAuc(scores, labels, weights)).toBeCloseTo(rocAuc(repeatedScores, repeatedLabels), 12);
    }
  });

  it('matches the weighted pair count on a hand-worked case with fractional weights', () => {
    // Positives: 0.9 (w 0.5), 0.4 (w 2); negatives: 0.4 (w 1), 0.1 (w 1.5).
    // Pairs: 0.9 > both → 0.5 · 2.5 = 1.25; 0.4 ties 0.4 (½ · 2 · 1 = 1), beats 0.1 (2 · 1.5 = 3).
    // AUC = 5.25 / (2.5 · 2.5) = 0.84.
    expect(weightedRocAuc([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0], [0.5, 2, 1, 1.5])).toBeCloseTo(0.84, 12);
  });

  it('rejects negative weights and is undefined when one class has no weight', () => {
    expect(() => weightedRocAuc([0.1, 0.2], [0, 1], [1, -1])).toThrow(/weights\[1\] is -1/);
    expect(() => weightedRocAuc([0.1, 0.2], [0, 1], [1])).toThrow(/weights has 1 cases/);
    expect(() => weightedRocAuc([0.1, 0.2], [0, 1], [1, 0])).toThrow(UndefinedMetricError);
  });
});
