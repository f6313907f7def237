import * as tf from '@tensorflow/tfjs-core';
import type { CrossAttention } from './cross-attention';

// Test helpers: float64 references of the multi-view model's layers, written from their definitions.

export type Matrix = number[][];
export type AttentionWeights = Record<'q' | 'k' | 'v' | 'o', { w: Matrix; b: number[] }>;

export const affine = (x: Matrix, w: Matrix, b: number[]): Matrix =>
  x.map((row) => b.map((bias, j) => row.reduce((s, v, i) => s + v * w[i]![j]!, bias)));

/** Plain float64 multi-head attention of one sequence pair, written from the definition. */
export function attentionReference(queries: Matrix, context: Matrix, p: AttentionWeights, heads: number): Matrix {
  const c = queries[0]!.length;
  const d = c / heads;
  const q = affine(queries, p.q.w, p.q.b);
  const k = affine(context, p.k.w, p.k.b);
  const v = affine(context, p.v.w, p.v.b);
  const mixed = q.map(() => new Array<number>(c).fill(0));
  for (let h = 0; h < heads; h++) {
    const cols = Array.from({ length: d }, (_, t) => h * d + t);
    q.forEach((qi, i) => {
      const scores = k.map((kj) => cols.reduce((s, col) => s + qi[col]! * kj[col]!, 0) / Math.sqrt(d));
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const z = e.reduce((s, x) => s + x, 0);
      cols.forEach((col) => (mixed[i]![col] = e.reduce((s, ej, j) => s + (ej / z) * v[j]![col]!, 0)));
    });
  }
  return affine(mixed, p.o.w, p.o.b);
}

/** The layer's weights as float64 arrays, after giving the (zero-initialised) biases random values. */
export function attentionWeights(attention: CrossAttention, seed: number) {
  const parts = { q: attention.query, k: attention.key, v: attention.value, o: attention.output };
  return Object.fromEntries(
    Object.entries(parts).map(([key, layer], i) => {
      tf.tidy(() => layer.bias!.assign(tf.randomNormal(layer.bias!.shape, 0, 0.5, 'float32', seed + i)));
      return [key, { w: layer.weight.arraySync() as Matrix, b: layer.bias!.arraySync() as number[] }];
    }),
  ) as AttentionWeights;
}

/** The weights of a layer built with random-normal biases already (no mutation). */
export function readAttentionWeights(attention: CrossAttention): AttentionWeights {
  const read = (layer: CrossAttention['query']) => ({ w: layer.weight.arraySync() as Matrix, b: layer.bias!.arraySync() as number[] });
  return { q: read(attention.query), k: read(attention.key), v: read(attention.value), o: read(attention.output) };
}

/** Layer norm of each row (biased variance, ε = 1e-5), then γ·x̂ + β. */
export function layerNormReference(x: Matrix, gamma: number[], beta: number[], eps = 1e-5): Matrix {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[i]! + beta[i]!);
  });
}

/** erf by its Maclaurin series (|x| ≤ 3) or continued fraction (beyond): accurate to ~1e-12. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f);
}

/** Exact GELU, x·Φ(x). */
export const geluReference = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
