/**
 * Test-only helpers (imported by *.spec.ts, not exported by the library). The generator is
 * Park–Miller, deliberately not the library's mulberry32, so test data do not share code with it.
 */
export function parkMiller(seed: number): () => number {
  let state = (seed % 2147483646) + 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Scores drawn from few distinct values (many ties), positives shifted up by `separation` levels. */
export function tiedBinaryCases(
  seed: number,
  n: number,
  levels = 6,
  separation = 1,
): { scores: number[]; labels: number[] } {
  const random = parkMiller(seed);
  const scores: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = random() < 0.4 ? 1 : 0;
    const level = Math.floor(random() * levels) + label * separation;
    scores.push(level / (levels + separation));
    labels.push(label);
  }
  return { scores, labels };
}
