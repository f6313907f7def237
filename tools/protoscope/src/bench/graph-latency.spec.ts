import { quantile, summarise } from './graph-latency';

describe('latency summary', () => {
  it('takes nearest-rank quantiles (checked by hand on 1…20)', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    // Nearest rank: p50 → rank ceil(0.5·20) = 10, p95 → rank ceil(0.95·20) = 19.
    expect(quantile(values, 0.5)).toBe(10);
    expect(quantile(values, 0.95)).toBe(19);
    expect(quantile([7], 0.95)).toBe(7);
    expect(summarise([4, 1, 3, 2])).toEqual({ requests: 4, p50Ms: 2, p95Ms: 4, meanMs: 2.5, maxMs: 4 });
  });
});
