import { classificationReport } from '@protoscope/eval';

/**
 * The per-epoch metrics of a split's predictions: AUC, accuracy, balanced accuracy, sensitivity,
 * specificity, F1, and each class's sensitivity and specificity (`sensitivity/<class>`). Metrics that
 * are undefined for the split (e.g. AUC with one class present) are left out rather than logged as NaN.
 */
export function epochMetrics(classes: string[]) {
  return (probabilities: number[][], labels: number[]): Record<string, number> => {
    if (labels.length === 0) return {};
    const report = classificationReport(probabilities, labels, { bootstrap: false });
    const out: Record<string, number> = {};
    const put = (key: string, value: number | null | undefined) => {
      if (value !== null && value !== undefined && Number.isFinite(value)) out[key] = value;
    };
    put('auc', report.auc);
    put('accuracy', report.accuracy);
    put('balancedAccuracy', report.balancedAccuracy);
    put('sensitivity', report.sensitivity);
    put('specificity', report.specificity);
    put('f1', report.f1);
    for (const c of report.perClass) {
      const name = classes[c.classIndex] ?? String(c.classIndex);
      put(`sensitivity/${name}`, c.sensitivity);
      put(`specificity/${name}`, c.specificity);
    }
    return out;
  };
}
