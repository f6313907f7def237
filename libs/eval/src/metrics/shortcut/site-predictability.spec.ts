import { parkMiller } from '../classification/spec-helpers';
import { sitePredictability } from './site-predictability';

function normals(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

/**
 * n cases spread over `siteCount` sites; feature k is shifted by `shift` on site k (so each site is
 * linearly separable from the rest when shift is large), everything else is noise.
 */
function syntheticSites(seed: number, n: number, siteCount: number, shift: number, d = 6) {
  const random = parkMiller(seed);
  const sites = Array.from({ length: n }, (_, i) => i % siteCount);
  const features = sites.map((site) => {
    const x = normals(random, d);
    x[site] += shift;
    return x;
  });
  return { features, sites };
}

describe('sitePredictability', () => {
  it('finds the site from features that carry it (AUC ≈ 1)', () => {
    const two = syntheticSites(1, 120, 2, 8);
    expect(sitePredictability(two.features, two.sites, { seed: 3 }).auc).toBeGreaterThan(0.99);
    const three = syntheticSites(2, 150, 3, 8);
    const result = sitePredictability(three.features, three.sites, { seed: 3 });
    expect(result.auc).toBeGreaterThan(0.99);
    expect(result.perSite).toHaveLength(3);
    expect(result.converged).toBe(true);
  });

  it('stays near chance on features unrelated to the site (AUC ≈ ½)', () => {
    // Out-of-fold AUC on 200 cases has a standard error of about 0.04; the margin is 0.15.
    const two = syntheticSites(4, 200, 2, 0);
    expect(Math.abs(sitePredictability(two.features, two.sites, { seed: 1 }).auc - 0.5)).toBeLessThan(0.15);
    const three = syntheticSites(5, 210, 3, 0);
    expect(Math.abs(sitePredictability(three.features, three.sites, { seed: 1 }).auc - 0.5)).toBeLessThan(0.15);
  });

  it('deals each site evenly over the folds and is reproducible from the seed', () => {
    const { features, sites } = syntheticSites(6, 47, 3, 1);
    const first = sitePredictability(features, sites, { folds: 4, seed: 9 });
    for (const site of [0, 1, 2]) {
      const perFold = [0, 1, 2, 3].map((fold) => sites.filter((s, i) => s === site && first.foldOf[i] === fold).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const again = sitePredictability(features, sites, { folds: 4, seed: 9 });
    expect(again.outOfFoldScores).toEqual(first.outOfFoldScores);
    expect(again.auc).toBe(first.auc);
  });

  it('rejects a single site and a site smaller than the number of folds', () => {
    expect(() => sitePredictability([[1], [2], [3]], [0, 0, 0], { folds: 2 })).toThrow(/at least two sites/);
    expect(() => sitePredictability([[1], [2], [3], [4], [5], [6]], [0, 0, 0, 0, 0, 1], { folds: 2 })).toThrow(
      /site 1 has 1 case\(s\), fewer than the 2 folds/,
    );
  });
});
