/**
 * The share of the cluster and separation weights in epoch `epoch` (0-based) when they warm up over
 * `epochs` epochs: epoch / epochs, at most 1 (0 epochs: the full weights from the start).
 */
export function costWarmupFactor(epoch: number, epochs: number): number {
  return epochs <= 0 ? 1 : Math.min(1, epoch / epochs);
}
