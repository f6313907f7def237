/**
 * Central finite differences, in float64: ∂L/∂θ_i ≈ (L(θ + h·e_i) − L(θ − h·e_i)) / 2h for every i.
 * `loss` receives a scratch copy of θ it may read but must not keep.
 */
export function centralDifferences(loss: (theta: Float64Array) => number, theta: ArrayLike<number>, h: number): Float64Array {
  const point = Float64Array.from(theta);
  const gradient = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const original = point[i]!;
    point[i] = original + h;
    const up = loss(point);
    point[i] = original - h;
    const down = loss(point);
    point[i] = original;
    gradient[i] = (up - down) / (2 * h);
  }
  return gradient;
}
