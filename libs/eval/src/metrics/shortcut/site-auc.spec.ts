import { UndefinedMetricError } from '../errors';
import { rocAuc } from '../classification/auc';
import { perSiteRocAuc, prevalenceBalancedRocAuc, prevalenceBalancingWeights } from './site-auc';

describe('perSiteRocAuc', () => {
  it('scores each site on its own and marks a one-class site', () => {
    // Site 0: positives 0.9, 0.3; negatives 0.5 → AUC ½. Site 4: only negatives.
    const result = perSiteRocAuc([0.9, 0.3, 0.5, 0.2, 0.1], [1, 1, 0, 0, 0], [0, 0, 0, 4, 4]);
    expect(result).toEqual([
      { site: 0, cases: 3, positives: 2, auc: 0.5 },
      { site: 4, cases: 2, positives: 0, auc: null, undefinedReason: 'no-positive-cases' },
    ]);
    expect(() => perSiteRocAuc([0.1], [1], [0.5])).toThrow(/sites\[0\] is 0.5/);
  });
});

describe('prevalenceBalancedRocAuc', () => {
  // Site 0: 4 positives, 1 negative (prevalence 0.8); site 1: 1 positive, 4 negatives (0.2).
  const labels = [1, 1, 1, 1, 0, 1, 0, 0, 0, 0];
  const sites = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

  it('takes away the credit a pure site detector gets from unequal prevalence', () => {
    // The score is the site: pooled, positives at 1: 4 · (4 + ½) = 18, positive at 0: ½ · 4 = 2 → 20/25.
    const siteScore = sites.map((s) => 1 - s);
    expect(rocAuc(siteScore, labels)).toBe(0.8);
    // Balanced, each site's positives and negatives carry equal weight: the site says nothing → ½.
    expect(prevalenceBalancedRocAuc(siteScore, labels, sites)).toBeCloseTo(0.5, 12);
    expect(prevalenceBalancedRocAuc(siteScore, labels, sites, { targetPrevalence: 0.3 })).toBeCloseTo(0.5, 12);
  });

  it('equals rocAuc on explicitly replicated cases', () => {
    // π = 0.5: site 0 positives 0.5 · 5/4 = 0.625, negative 0.5 · 5/1 = 2.5; site 1 the reverse.
    // Scaled by 1.6 these are 1 and 4 copies.
    expect(Array.from(prevalenceBalancingWeights(labels, sites))).toEqual([0.625, 0.625, 0.625, 0.625, 2.5, 2.5, 0.625, 0.625, 0.625, 0.625]);
    const scores = [0.9, 0.7, 0.4, 0.35, 0.6, 0.5, 0.45, 0.2, 0.5, 0.1];
    const copies = [1, 1, 1, 1, 4, 4, 1, 1, 1, 1];
    const repeatedScores = scores.flatMap((s, i) => new Array<number>(copies[i]).fill(s));
    const repeatedLabels = labels.flatMap((l, i) => new Array<number>(copies[i]).fill(l));
    expect(prevalenceBalancedRocAuc(scores, labels, sites)).toBeCloseTo(rocAuc(repeatedScores, repeatedLabels), 12);
  });

  it('is undefined when a site lacks a class and rejects a prevalence outside (0, 1)', () => {
    try {
      prevalenceBalancedRocAuc([0.1, 0.2, 0.3], [1, 0, 1], [0, 0, 1]);
      throw new Error('expected an UndefinedMetricError');
    } catch (error) {
      expect(error).toBeInstanceOf(UndefinedMetricError);
      expect((error as Error).message).toMatch(/site 1 has no negative case/);
    }
    expect(() => prevalenceBalancedRocAuc([0.1, 0.2], [1, 0], [0, 0], { targetPrevalence: 1 })).toThrow(/targetPrevalence is 1/);
  });
});
