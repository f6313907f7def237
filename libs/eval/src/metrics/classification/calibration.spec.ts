import { MetricInputError } from '../errors';
import { expectedCalibrationError, reliabilityDiagram } from './calibration';

describe('expectedCalibrationError (positive-class, binary)', () => {
  // Five groups of predicted probabilities, each value in the middle of its bin (for 5 and 15 bins).
  const scores = [0.1, 0.1, 0.3, 0.3, 0.5, 0.7, 0.7, 0.9, 0.9, 0.9];
  const labels = [0, 0, 1, 0, 1, 1, 1, 1, 0, 1];
  // group  n  confidence  fraction positive  gap    weight·gap
  //  0.1   2  0.1         0/2 = 0            0.1    2/10·0.1 = 0.02
  //  0.3   2  0.3         1/2                0.2    2/10·0.2 = 0.04
  //  0.5   1  0.5         1/1                0.5    1/10·0.5 = 0.05
  //  0.7   2  0.7         2/2                0.3    2/10·0.3 = 0.06
  //  0.9   3  0.9         2/3                0.2333 3/10·0.2333 = 0.07
  // ECE = 0.24, MCE = 0.5.
  it('matches the hand-built case with 5 bins', () => {
    const diagram = reliabilityDiagram(scores, labels, { bins: 5 });
    expect(diagram.mode).toBe('positive-class');
    expect(diagram.ece).toBeCloseTo(0.24, 12);
    expect(diagram.mce).toBeCloseTo(0.5, 12);
    expect(diagram.bins.map((b) => b.count)).toEqual([2, 2, 1, 2, 3]);
    expect(diagram.bins.map((b) => b.observedFrequency)).toEqual([0, 0.5, 1, 1, 2 / 3]);
    expect(diagram.bins[4].meanConfidence).toBeCloseTo(0.9, 12);
    expect(diagram.bins[0]).toMatchObject({ lower: 0, upper: 0.2 });
  });

  it('gives the same value with the default 15 bins, listing the empty bins', () => {
    // Each group still falls in a bin of its own (0.1 → bin 1, 0.3 → 4, 0.5 → 7, 0.7 → 10, 0.9 → 13).
    const diagram = reliabilityDiagram(scores, labels);
    expect(diagram.bins).toHaveLength(15);
    expect(diagram.ece).toBeCloseTo(0.24, 12);
    expect(diagram.bins.filter((b) => b.count > 0).map((b) => Math.round(b.lower * 15))).toEqual([1, 4, 7, 10, 13]);
    expect(diagram.bins[0]).toMatchObject({ count: 0, meanConfidence: null, observedFrequency: null });
    expect(expectedCalibrationError(scores, labels)).toBeCloseTo(0.24, 12);
  });

  it('is zero for probabilities that match the observed frequencies, and puts 0 and 1 in the end bins', () => {
    // 0.25 with one positive in four, 0.75 with three in four.
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [1, 0, 0, 0, 1, 1, 1, 0])).toBeCloseTo(0, 15);
    const ends = reliabilityDiagram([0, 1], [0, 1], { bins: 4 });
    expect(ends.bins.map((b) => b.count)).toEqual([1, 0, 0, 1]);
    expect(ends.ece).toBe(0);
  });

  it('reads a two-column matrix by its second column', () => {
    expect(expectedCalibrationError(scores.map((p) => [1 - p, p]), labels, { bins: 5 })).toBeCloseTo(0.24, 12);
  });
});

describe('expectedCalibrationError (top-label)', () => {
  it('bins the max probability and scores the argmax on a hand-built 3-class case', () => {
    const rows = [
      [0.62, 0.28, 0.1], // label 0: confidence 0.62, correct
      [0.18, 0.72, 0.1], // label 2: confidence 0.72, wrong
      [0.08, 0.08, 0.84], // label 2: confidence 0.84, correct
      [0.46, 0.44, 0.1], // label 1: confidence 0.46, wrong
    ];
    const labels = [0, 2, 2, 1];
    // 5 bins: [0.4, 0.6): {0.46 ✗}              conf 0.46, acc 0   → ¼·0.46 = 0.115
    //         [0.6, 0.8): {0.62 ✓, 0.72 ✗}      conf 0.67, acc 0.5 → ½·0.17 = 0.085
    //         [0.8, 1.0]: {0.84 ✓}              conf 0.84, acc 1   → ¼·0.16 = 0.04
    // ECE = 0.24.
    const diagram = reliabilityDiagram(rows, labels, { bins: 5 });
    expect(diagram.mode).toBe('top-label');
    expect(diagram.ece).toBeCloseTo(0.24, 12);
    expect(diagram.bins.map((b) => b.count)).toEqual([0, 0, 1, 2, 1]);
  });

  it('can read binary scores as top-label confidence max(p, 1 − p)', () => {
    // (p, label): (0.82, 1) conf 0.82 ✓; (0.3, 0) conf 0.7 ✓; (0.35, 1) conf 0.65 ✗; (0.9, 0) conf 0.9 ✗.
    // 5 bins: [0.6, 0.8): conf 0.675, acc 0.5 → ½·0.175 = 0.0875; [0.8, 1]: conf 0.86, acc 0.5 → ½·0.36 = 0.18.
    expect(expectedCalibrationError([0.82, 0.3, 0.35, 0.9], [1, 0, 1, 0], { bins: 5, mode: 'top-label' })).toBeCloseTo(0.2675, 12);
  });

  it('refuses what it cannot bin', () => {
    expect(() => expectedCalibrationError([0.2, 1.3], [0, 1])).toThrow(/scores\[1\] is 1.3; calibration needs probabilities/);
    expect(() => expectedCalibrationError([[0.2, 0.3, 0.5]], [2], { mode: 'positive-class' })).toThrow(MetricInputError);
    expect(() => expectedCalibrationError([0.2], [0], { bins: 0 })).toThrow(/bins is 0/);
  });
});
