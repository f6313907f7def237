/**
 * A small L2-regularised logistic regression, the linear probe of the shortcut audit. No library in
 * the workspace provides one, so it is written here, kept deliberately plain:
 *
 * - Features are standardised with the training cases' mean and (population) standard deviation; a
 *   constant feature gets scale 1 and so stays 0. The same transform is applied at prediction.
 * - Objective: mean log-loss + (λ/2)‖w‖², intercept not penalised. Convex, and strongly convex in w,
 *   so the optimum is unique even on separable data.
 * - Optimiser: Nesterov-accelerated gradient descent (FISTA) with backtracking on the Lipschitz
 *   constant (start: ¼ λ_max(XᵀX)/n + λ by power iteration) and adaptive restart when the loss goes
 *   up. O(n·d) per iteration, so it stays cheap for pooled CNN features (d of several hundred),
 *   where Newton's d³ would not. Stops when every gradient entry is below `tolerance`.
 */
import { MetricInputError } from '../errors';

export interface LogisticRegressionOptions {
  /** λ of the L2 penalty on the (standardised) coefficients; default 0.01. */
  l2?: number;
  /** Default 2000. */
  maxIterations?: number;
  /** Largest allowed |gradient| entry at convergence; default 1e-6. */
  tolerance?: number;
}

export interface LogisticRegressionModel {
  /** Coefficients on the standardised features. */
  coefficients: Float64Array;
  intercept: number;
  means: Float64Array;
  scales: Float64Array;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_PROBE_L2 = 0.01;

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Row-major copy of the features with a checked, common width. */
export function checkFeatureRows(metric: string, features: ReadonlyArray<ArrayLike<number>>): { rows: Float64Array; n: number; d: number } {
  if (!Array.isArray(features) || features.length === 0) {
    throw new MetricInputError(metric, 'features is empty; pass one feature vector per case');
  }
  const n = features.length;
  const d = features[0].length;
  if (d === 0) throw new MetricInputError(metric, 'features[0] is empty; each case needs at least one feature');
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = features[i];
    if (row.length !== d) {
      throw new MetricInputError(metric, `features[${i}] has ${row.length} entries but features[0] has ${d}`);
    }
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(row[j])) {
        throw new MetricInputError(metric, `features[${i}][${j}] is ${String(row[j])}; features must be finite`);
      }
      rows[i * d + j] = row[j];
    }
  }
  return { rows, n, d };
}

function checkOptions(metric: string, options: LogisticRegressionOptions): Required<LogisticRegressionOptions> {
  const l2 = options.l2 ?? DEFAULT_PROBE_L2;
  const maxIterations = options.maxIterations ?? 2000;
  const tolerance = options.tolerance ?? 1e-6;
  if (!Number.isFinite(l2) || l2 <= 0) {
    throw new MetricInputError(metric, `l2 is ${String(l2)}; it must be a positive number`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new MetricInputError(metric, `maxIterations is ${String(maxIterations)}; it must be a positive integer`);
  }
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    throw new MetricInputError(metric, `tolerance is ${String(tolerance)}; it must be a positive number`);
  }
  return { l2, maxIterations, tolerance };
}

/** Fits on rows `rows` (n × d, row-major) with 0/1 `labels`; assumes checked input. */
export function fitLogisticRows(rows: Float64Array, n: number, d: number, labels: Uint8Array, options: LogisticRegressionOptions = {}): LogisticRegressionModel {
  const { l2, maxIterations, tolerance } = checkOptions('fitLogisticRegression', options);
  const means = new Float64Array(d);
  const scales = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += rows[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scales[j] += (rows[i * d + j] - means[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scales[j] = scales[j] > 0 ? Math.sqrt(scales[j]) : 1;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = (rows[i * d + j] - means[j]) / scales[j];

  // Parameters θ = (w_0 … w_{d−1}, b).
  const size = d + 1;
  const margins = new Float64Array(n);
  const computeMargins = (theta: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let z = theta[d];
      for (let j = 0; j < d; j++) z += x[i * d + j] * theta[j];
      margins[i] = z;
    }
  };
  const loss = (theta: Float64Array): number => {
    computeMargins(theta);
    let total = 0;
    for (let i = 0; i < n; i++) total += softplus(margins[i]) - labels[i] * margins[i];
    let penalty = 0;
    for (let j = 0; j < d; j++) penalty += theta[j] * theta[j];
    return total / n + 0.5 * l2 * penalty;
  };
  /** Loss and gradient at θ. */
  const lossAndGradient = (theta: Float64Array, gradient: Float64Array): number => {
    const value = loss(theta);
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const residual = (sigmoid(margins[i]) - labels[i]) / n;
      for (let j = 0; j < d; j++) gradient[j] += residual * x[i * d + j];
      gradient[d] += residual;
    }
    for (let j = 0; j < d; j++) gradient[j] += l2 * theta[j];
    return value;
  };

  // Lipschitz estimate: power iteration on [X 1]ᵀ[X 1] / n.
  let vector = new Float64Array(size).fill(1 / Math.sqrt(size));
  let eigen = 1;
  for (let k = 0; k < 30; k++) {
    computeMargins(vector);
    const next = new Float64Array(size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) next[j] += margins[i] * x[i * d + j];
      next[d] += margins[i];
    }
    let squared = 0;
    for (let j = 0; j < size; j++) squared += next[j] * next[j];
    const norm = Math.sqrt(squared);
    if (norm === 0) break;
    eigen = norm / n;
    vector = next.map((v) => v / norm);
  }
  let lipschitz = 0.25 * eigen + l2;

  let current: Float64Array = new Float64Array(size);
  let lookahead: Float64Array = new Float64Array(size);
  const gradient = new Float64Array(size);
  let momentum = 1;
  let currentLoss = loss(current);
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const lookaheadLoss = lossAndGradient(lookahead, gradient);
    let largest = 0;
    for (let j = 0; j < size; j++) largest = Math.max(largest, Math.abs(gradient[j]));
    if (largest < tolerance) {
      current = lookahead;
      converged = true;
      break;
    }
    let candidate: Float64Array;
    let candidateLoss: number;
    // Backtracking: grow L until the quadratic upper bound holds at the step.
    for (;;) {
      candidate = lookahead.map((v, j) => v - gradient[j] / lipschitz);
      candidateLoss = loss(candidate);
      let decrease = 0;
      for (let j = 0; j < size; j++) decrease += gradient[j] * gradient[j];
      if (candidateLoss <= lookaheadLoss - decrease / (2 * lipschitz) + 1e-15 * Math.abs(lookaheadLoss)) break;
      lipschitz *= 2;
    }
    if (candidateLoss > currentLoss) {
      // Adaptive restart: momentum overshot; continue plainly from the current point.
      momentum = 1;
      lookahead = current.slice();
      continue;
    }
    const nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
    const beta = (momentum - 1) / nextMomentum;
    lookahead = candidate.map((v, j) => v + beta * (v - current[j]));
    current = candidate;
    currentLoss = candidateLoss;
    momentum = nextMomentum;
  }
  return { coefficients: current.slice(0, d), intercept: current[d], means, scales, iterations, converged };
}

/** Fits the probe on feature vectors and 0/1 labels. */
export function fitLogisticRegression(
  features: ReadonlyArray<ArrayLike<number>>,
  labels: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const metric = 'fitLogisticRegression';
  const { rows, n, d } = checkFeatureRows(metric, features);
  if (labels.length !== n) {
    throw new MetricInputError(metric, `labels has ${labels.length} cases but features has ${n}`);
  }
  const checked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new MetricInputError(metric, `labels[${i}] is ${String(labels[i])}; labels must be 0 or 1`);
    }
    checked[i] = labels[i];
  }
  if (!checked.includes(0) || !checked.includes(1)) {
    throw new MetricInputError(metric, 'labels must contain both 0 and 1 to fit a classifier');
  }
  return fitLogisticRows(rows, n, d, checked, options);
}

/** Decision values (log-odds) of the model for rows (n × d, row-major). */
export function logisticDecisionRows(model: LogisticRegressionModel, rows: Float64Array, n: number): Float64Array {
  const d = model.coefficients.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += model.coefficients[j] * ((rows[i * d + j] - model.means[j]) / model.scales[j]);
    out[i] = z;
  }
  return out;
}

/** Log-odds of class 1 for each feature vector. */
export function logisticDecision(model: LogisticRegressionModel, features: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const metric = 'logisticDecision';
  const { rows, n, d } = checkFeatureRows(metric, features);
  if (d !== model.coefficients.length) {
    throw new MetricInputError(
      metric,
      `features have ${d} entries but the model was fitted on ${model.coefficients.length}`,
    );
  }
  return logisticDecisionRows(model, rows, n);
}
