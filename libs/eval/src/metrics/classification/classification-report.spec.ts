import { classificationReport, CLASSIFICATION_REPORT_KEYS } from './classification-report';

// Hand case (also in curves.spec.ts): positives 0.9, 0.8, 0.7, 0.6; negatives 0.8, 0.6, 0.4, 0.3.
const scores = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3];
const labels = [1, 1, 0, 1, 0, 1, 0, 0];

describe('classificationReport (binary)', () => {
  const report = classificationReport(scores, labels, { targetSpecificity: 0.75, bootstrap: { resamples: 300, seed: 4 } });

  it('holds the contract keys, in order, and survives JSON unchanged', () => {
    expect(Object.keys(report)).toEqual([...CLASSIFICATION_REPORT_KEYS]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports the values worked out by hand', () => {
    expect(report).toMatchObject({ task: 'binary', numCases: 8, numClasses: 2, classCounts: [4, 4], threshold: 0.5 });
    // 13 of 16 pairs (ties ½), see auc.spec.ts.
    expect(report.auc).toBe(13 / 16);
    // At 0.5 everything ≥ 0.6 is called: TP 4, FP 2 (0.8, 0.6), TN 2, FN 0.
    expect(report.confusionMatrix).toEqual([
      [2, 2],
      [0, 4],
    ]);
    expect(report.accuracy).toBe(6 / 8);
    expect(report.sensitivity).toBe(1);
    expect(report.specificity).toBe(0.5);
    expect(report.balancedAccuracy).toBe(0.75);
    expect(report.precision).toBeCloseTo(4 / 6, 15);
    expect(report.f1).toBeCloseTo(8 / 10, 15);
    // AP = ¼·(1 + 2/3 + 3/4 + 2/3) = 37/48 (see curves.spec.ts).
    expect(report.averagePrecision).toBeCloseTo(37 / 48, 15);
    // Specificity ≥ 0.75 allows one false positive: thresholds 0.9 (TP 1), 0.8 (TP 2, FP 1), 0.7 (TP 3, FP 1);
    // 0.6 brings the second false positive. Best: 0.7 with sensitivity 3/4.
    expect(report.sensitivityAtSpecificity).toEqual({ threshold: 0.7, sensitivity: 0.75, specificity: 0.75, targetSpecificity: 0.75 });
    // Positive-class ECE, each distinct score in a bin of its own (15 bins):
    //   0.9: 1 case, 1 positive → |1 − 0.9| = 0.1      0.8: 2 cases, ½ → 0.3 (×2)
    //   0.7: 1 case, 1 positive → 0.3                   0.6: 2 cases, ½ → 0.1 (×2)
    //   0.4: 1 case, 0 → 0.4                            0.3: 1 case, 0 → 0.3
    //   ECE = (0.1 + 0.6 + 0.3 + 0.2 + 0.4 + 0.3) / 8 = 0.2375.
    expect(report.ece).toBeCloseTo(0.2375, 12);
    expect(report.calibration!.mode).toBe('positive-class');
    expect(report.perClass.map((c) => [c.support, c.predicted, c.sensitivity, c.specificity])).toEqual([
      [4, 2, 0.5, 1],
      [4, 6, 1, 0.5],
    ]);
    expect(report.perClass.map((c) => c.auc)).toEqual([13 / 16, 13 / 16]);
    expect(report.undefinedMetrics).toEqual({});
  });

  it('brackets the AUC with a reproducible bootstrap interval', () => {
    expect(report.aucCi95).not.toBeNull();
    expect(report.aucCi95!.lower).toBeLessThanOrEqual(13 / 16);
    expect(report.aucCi95!.upper).toBeGreaterThanOrEqual(13 / 16);
    expect(report.aucCi95).toMatchObject({ resamples: 300, definedResamples: 300, seed: 4 });
    const again = classificationReport(scores, labels, { targetSpecificity: 0.75, bootstrap: { resamples: 300, seed: 4 } });
    expect(again.aucCi95).toEqual(report.aucCi95);
    expect(classificationReport(scores, labels, { bootstrap: false }).aucCi95).toBeNull();
  });

  it('reads a two-column matrix like the scores of its second column', () => {
    const fromMatrix = classificationReport(
      scores.map((p) => [1 - p, p]),
      labels,
      { targetSpecificity: 0.75, bootstrap: { resamples: 300, seed: 4 } },
    );
    expect(fromMatrix).toEqual(report);
  });

  it('adds the ROC and PR curves on request', () => {
    const withCurves = classificationReport(scores, labels, { bootstrap: false, includeCurves: true });
    expect(withCurves.rocCurve!.fpr).toEqual([0, 0, 0.25, 0.25, 0.5, 0.75, 1]);
    expect(withCurves.rocCurve!.tpr).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
    expect(withCurves.prCurve!.recall).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('does not throw when a class is absent: nulls with reasons, no NaN', () => {
    const onlyPositives = classificationReport([0.9, 0.4, 0.7], [1, 1, 1]);
    expect(onlyPositives.auc).toBeNull();
    expect(onlyPositives.aucCi95).toBeNull();
    expect(onlyPositives.specificity).toBeNull();
    expect(onlyPositives.balancedAccuracy).toBeNull();
    expect(onlyPositives.sensitivity).toBe(2 / 3);
    expect(onlyPositives.accuracy).toBe(2 / 3);
    expect(onlyPositives.undefinedMetrics['auc'].reason).toBe('no-negative-cases');
    expect(onlyPositives.undefinedMetrics['specificity'].message).toMatch(/no negative \(0\) labels/);
    expect(JSON.stringify(onlyPositives)).not.toMatch(/NaN/);
  });

  it('scores logits but leaves calibration null for scores outside [0, 1]', () => {
    const logits = classificationReport(scores.map((p) => Math.log(p / (1 - p))), labels, { threshold: 0, bootstrap: false });
    expect(logits.auc).toBe(13 / 16);
    expect(logits.sensitivity).toBe(1);
    expect(logits.ece).toBeNull();
    expect(logits.calibration).toBeNull();
    expect(logits.undefinedMetrics['ece'].reason).toBe('not-probabilities');
  });
});

describe('classificationReport (multi-class)', () => {
  const rows = [
    [0.7, 0.2, 0.1], // class 0
    [0.4, 0.4, 0.2], // class 0 (argmax tie → 0)
    [0.2, 0.5, 0.3], // class 1
    [0.4, 0.3, 0.3], // class 1 → predicted 0
    [0.1, 0.3, 0.6], // class 2
    [0.3, 0.3, 0.4], // class 2
  ];
  const labels = [0, 0, 1, 1, 2, 2];
  const report = classificationReport(rows, labels, { bootstrap: { resamples: 200 } });

  it('reports macro one-vs-rest values worked out by hand', () => {
    expect(Object.keys(report)).toEqual([...CLASSIFICATION_REPORT_KEYS]);
    expect(report).toMatchObject({ task: 'multiclass', numClasses: 3, threshold: null, classCounts: [2, 2, 2] });
    // Per-class AUCs 7.5/8, 6/8, 8/8 (worked out in auc.spec.ts).
    expect(report.perClass.map((c) => c.auc)).toEqual([7.5 / 8, 6 / 8, 1]);
    expect(report.auc).toBeCloseTo((7.5 / 8 + 6 / 8 + 1) / 3, 15);
    expect(report.confusionMatrix).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    expect(report.accuracy).toBeCloseTo(5 / 6, 15);
    // Recalls 1, ½, 1 → balanced accuracy = macro sensitivity = 5/6.
    expect(report.balancedAccuracy).toBeCloseTo(5 / 6, 15);
    expect(report.sensitivity).toBeCloseTo(5 / 6, 15);
    // Precisions 2/3, 1, 1 → 8/9.
    expect(report.precision).toBeCloseTo(8 / 9, 15);
    expect(report.calibration!.mode).toBe('top-label');
    expect(report.sensitivityAtSpecificity).toBeNull();
    expect(report.undefinedMetrics['sensitivityAtSpecificity'].reason).toBe('binary-only');
    expect(report.aucCi95!.lower).toBeLessThanOrEqual(report.auc!);
    expect(report.aucCi95!.upper).toBeGreaterThanOrEqual(report.auc!);
  });

  it('adds one-vs-rest curves per class on request', () => {
    const withCurves = classificationReport(rows, labels, { bootstrap: false, includeCurves: true });
    // Class 2 column: positives 0.6, 0.4 above every negative (0.3, 0.3, 0.2, 0.1).
    expect(withCurves.perClass[2].rocCurve!.tpr).toEqual([0, 0.5, 1, 1, 1, 1]);
    expect(withCurves.rocCurve).toBeUndefined();
  });
});
