import type { MetricReader } from './claim';

/**
 * Reads a number at a key path of an evaluation's metrics (`['auc']`, `['tIoU', 'ham', '0.3']`); a
 * `{ mean }` object (a mean with its bootstrap interval) gives its mean. Null when absent or not a
 * number.
 */
export function metricAt(path: readonly string[]): MetricReader {
  return (metrics) => {
    let node: unknown = metrics;
    for (const key of path) {
      if (typeof node !== 'object' || node === null) return null;
      node = (node as Record<string, unknown>)[key];
    }
    if (typeof node === 'object' && node !== null && typeof (node as { mean?: unknown }).mean === 'number') node = (node as { mean: number }).mean;
    return typeof node === 'number' && Number.isFinite(node) ? node : null;
  };
}
