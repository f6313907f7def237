import { parkMiller } from '../classification/spec-helpers';
import { fitLogisticRegression, logisticDecision } from './logistic-regression';

/** Standard normal draws from the test generator (Box–Muller). */
function normals(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

describe('fitLogisticRegression', () => {
  it('reaches the stationary point of mean log-loss + (λ/2)‖w‖² on standardised features', () => {
    const random = parkMiller(5);
    const n = 120;
    const d = 4;
    const features = Array.from({ length: n }, () => normals(random, d).map((v, j) => v * (j + 1) + j));
    const labels = features.map((x) => (x[0] - 0.5 * x[2] + normals(random, 1)[0] > 0 ? 1 : 0));
    const l2 = 0.05;
    const model = fitLogisticRegression(features, labels, { l2, tolerance: 1e-9, maxIterations: 20000 });
    expect(model.converged).toBe(true);

    // The test's own standardisation and gradient: (1/n) Σ (σ(z_i) − y_i) x̃_i + λ w, and the intercept part.
    const means = Array.from({ length: d }, (_, j) => features.reduce((s, x) => s + x[j], 0) / n);
    const sds = means.map((m, j) => Math.sqrt(features.reduce((s, x) => s + (x[j] - m) ** 2, 0) / n));
    const gradient = new Array<number>(d + 1).fill(0);
    features.forEach((x, i) => {
      const standard = x.map((v, j) => (v - means[j]) / sds[j]);
      const z = model.intercept + standard.reduce((s, v, j) => s + v * model.coefficients[j], 0);
      const residual = 1 / (1 + Math.exp(-z)) - labels[i];
      standard.forEach((v, j) => (gradient[j] += (residual * v) / n));
      gradient[d] += residual / n;
    });
    for (let j = 0; j < d; j++) gradient[j] += l2 * model.coefficients[j];
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-7);
    // The informative features carry the weight: feature 0 positive, feature 2 negative.
    expect(model.coefficients[0]).toBeGreaterThan(0.5);
    expect(model.coefficients[2]).toBeLessThan(-0.5);
  });

  it('stays finite on separable data (the penalty bounds the weights) and ranks it perfectly', () => {
    const features = [[-2], [-1], [-0.5], [0.5], [1], [2]];
    const labels = [0, 0, 0, 1, 1, 1];
    const model = fitLogisticRegression(features, labels);
    expect(model.converged).toBe(true);
    const decision = logisticDecision(model, features);
    expect(Array.from(decision).every(Number.isFinite)).toBe(true);
    for (let i = 1; i < decision.length; i++) expect(decision[i]).toBeGreaterThan(decision[i - 1]);
  });

  it('treats a constant feature as absent and rejects bad input', () => {
    const model = fitLogisticRegression([[1, 3], [2, 3], [3, 3], [4, 3]], [0, 0, 1, 1]);
    expect(model.coefficients[1]).toBe(0);
    expect(() => fitLogisticRegression([[1], [2]], [0, 0])).toThrow(/both 0 and 1/);
    expect(() => fitLogisticRegression([[1], [2, 3]], [0, 1])).toThrow(/features\[1\] has 2 entries/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 1], { l2: 0 })).toThrow(/l2 is 0/);
  });
});
