import { classificationReport, CLASSIFICATION_REPORT_KEYS } from '@protoscope/eval';
import { format, type EvaluationSuite } from './suite';

/**
 * The classifier's scores on the selected images: every key of the classification report (AUC with
 * its bootstrap 95 % interval, accuracy, balanced accuracy, sensitivity/specificity at the threshold
 * and at the target specificity, F1, confusion matrix, ROC/PR curves, calibration error).
 */
export const classificationSuite: EvaluationSuite = {
  id: 'classification',
  async run(context) {
    const labels = context.images.items.map((item) => item.label);
    const { probabilities } = context.predictions;
    // Binary tasks are scored on the positive class's probability (threshold 0.5 = argmax).
    const output = probabilities[0]?.length === 2 ? probabilities.map((row) => row[1]!) : probabilities;
    const report = classificationReport(output, labels, { includeCurves: true });
    const metrics: Record<string, unknown> = Object.fromEntries(CLASSIFICATION_REPORT_KEYS.map((key) => [key, report[key]]));
    metrics['rocCurve'] = report.rocCurve ?? null;
    metrics['prCurve'] = report.prCurve ?? null;
    const ci = report.aucCi95;
    return {
      // The ROC curve's first threshold is +∞ (above every score); as JSON it becomes null.
      metrics: JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>,
      rows: [
        ['auc', `${format(report.auc)}${ci ? ` (95% CI ${format(ci.lower)}–${format(ci.upper)})` : ''}`],
        ['accuracy', format(report.accuracy)],
        ['balancedAccuracy', format(report.balancedAccuracy)],
        ['sensitivity', format(report.sensitivity)],
        ['specificity', format(report.specificity)],
        ['f1', format(report.f1)],
        ['ece', format(report.ece)],
      ],
    };
  },
};
