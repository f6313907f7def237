/**
 * Gauss–Legendre quadrature on [0, 1]: n nodes and weights that integrate polynomials of degree
 * ≤ 2n − 1 exactly. The nodes are the roots of the Legendre polynomial P_n on [−1, 1], found by Newton's
 * method from the Tricomi-style first guess cos(π(i − ¼)/(n + ½)); the weights are
 * 2 / ((1 − x²)·P_n'(x)²); both are then mapped from [−1, 1] to [0, 1] (x → (x + 1)/2, w → w/2).
 * Nodes are returned in increasing order.
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Gauss–Legendre needs a positive whole number of nodes, got ${n}`);
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      // P_n(x) and P_{n−1}(x) by Bonnet's recurrence k·P_k = (2k − 1)·x·P_{k−1} − (k − 1)·P_{k−2}.
      let previous = 1;
      let current = x;
      for (let k = 2; k <= n; k++) {
        const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes.push((x + 1) / 2);
    weights.push(1 / ((1 - x * x) * derivative * derivative));
  }
  // The guesses run from the largest root down.
  return { nodes: nodes.reverse(), weights: weights.reverse() };
}
