import { pointInterval, seedInterval, type SeedInterval } from './seed-interval';
import { claimVerdict, verdictOf } from './verdict';

const interval = (lower: number, upper: number): SeedInterval => ({ mean: (lower + upper) / 2, lower, upper, values: [] });

describe('verdictOf', () => {
  it('above: holds when A lies wholly over B, does not hold when wholly under (or touching from below), else inconclusive', () => {
    expect(verdictOf(interval(0.8, 0.9), interval(0.6, 0.7), 'above')).toBe('holds');
    expect(verdictOf(interval(0.5, 0.6), interval(0.6, 0.7), 'above')).toBe('does not hold');
    expect(verdictOf(interval(0.65, 0.9), interval(0.6, 0.7), 'above')).toBe('inconclusive');
    // Touching at one point is not "above".
    expect(verdictOf(interval(0.7, 0.9), interval(0.6, 0.7), 'above')).toBe('inconclusive');
  });

  it('below: the mirror image (deletion AUC, lower is better)', () => {
    expect(verdictOf(interval(0.2, 0.3), interval(0.35, 0.4), 'below')).toBe('holds');
    expect(verdictOf(interval(0.4, 0.5), interval(0.35, 0.4), 'below')).toBe('does not hold');
    expect(verdictOf(interval(0.3, 0.37), interval(0.35, 0.4), 'below')).toBe('inconclusive');
  });

  it('at-least: a tie at a ceiling holds; a margin makes it non-inferiority', () => {
    expect(verdictOf(pointInterval(1), pointInterval(1), 'at-least')).toBe('holds');
    expect(verdictOf(seedInterval([1, 1]), pointInterval(1), 'at-least')).toBe('holds');
    expect(verdictOf(seedInterval([0.9, 1]), pointInterval(1), 'at-least')).toBe('inconclusive');
    expect(verdictOf(seedInterval([0.9, 0.9]), pointInterval(1), 'at-least')).toBe('does not hold');
    // A in [0.88, 0.90], B in [0.88, 0.92]: overlapping → inconclusive; with margin 0.05, 0.88 ≥ 0.92 − 0.05 = 0.87 → holds.
    expect(verdictOf(interval(0.88, 0.9), interval(0.88, 0.92), 'at-least')).toBe('inconclusive');
    expect(verdictOf(interval(0.88, 0.9), interval(0.88, 0.92), 'at-least', 0.05)).toBe('holds');
    expect(verdictOf(interval(0.7, 0.8), interval(0.88, 0.92), 'at-least', 0.05)).toBe('does not hold');
  });

  it('is inconclusive with a single seed (no interval)', () => {
    expect(verdictOf(seedInterval([0.99]), seedInterval([0.1]), 'above')).toBe('inconclusive');
  });
});

describe('claimVerdict', () => {
  it('holds only when every comparison holds; one that does not hold decides; a missing one makes it not available', () => {
    expect(claimVerdict(['holds', 'holds'])).toBe('holds');
    expect(claimVerdict(['holds', 'inconclusive'])).toBe('inconclusive');
    expect(claimVerdict(['inconclusive', 'does not hold'])).toBe('does not hold');
    expect(claimVerdict(['holds', 'not available'])).toBe('not available');
    expect(claimVerdict([])).toBe('not available');
  });
});
