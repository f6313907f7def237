/**
 * HAM's localisation accuracy (Ouyang et al., TMI 2021): per class, the fraction of images whose
 * thresholded map reaches an overlap threshold — T(IoU) at 0.1, 0.2, …, 0.7 and T(IoR) at 0.1, 0.25,
 * 0.5, 0.75, 0.9. An image passes at T when its score is ≥ T. An image whose map has no pixel above
 * the saliency threshold has IoU 0 and, as in HAM's code, IoR 0. Only images with ground truth for
 * the class are cases.
 */
import { MetricInputError } from '../errors';
import {
  checkCases,
  checkMapSize,
  checkSaliency,
  checkThreshold,
  groundTruthMask,
  groupByClass,
  type LocalisationCase,
} from './inputs';
import { DEFAULT_SALIENCY_THRESHOLD, overlapOfMasks, thresholdSaliency, type OverlapOptions } from './overlap';

export const HAM_IOU_THRESHOLDS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
export const HAM_IOR_THRESHOLDS: readonly number[] = [0.1, 0.25, 0.5, 0.75, 0.9];

export interface HamLocalisationOptions extends OverlapOptions {
  iouThresholds?: readonly number[];
  iorThresholds?: readonly number[];
}

export interface HamClassAccuracy {
  classIndex: number;
  images: number;
  /** Fraction of images with IoU ≥ iouThresholds[t]. */
  iouAccuracy: number[];
  /** Fraction of images with IoR ≥ iorThresholds[t]. */
  iorAccuracy: number[];
  /** Images whose map had no pixel ≥ the saliency threshold (IoU = IoR = 0). */
  emptyPredictions: number;
}

export interface HamLocalisationAccuracy {
  iouThresholds: number[];
  iorThresholds: number[];
  perClass: HamClassAccuracy[];
  /** Mean over classes of each threshold's accuracy. */
  meanIouAccuracy: number[];
  meanIorAccuracy: number[];
  /** Per case, in input order. */
  cases: Array<{ iou: number; ior: number }>;
}

function checkThresholdList(metric: string, name: string, values: readonly number[]): number[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new MetricInputError(metric, `${name} must be a non-empty array of numbers`);
  }
  values.forEach((value, i) => checkThreshold(metric, `${name}[${i}]`, value));
  return [...values];
}

export function hamLocalisationAccuracy(
  cases: readonly LocalisationCase[],
  options: HamLocalisationOptions,
): HamLocalisationAccuracy {
  const metric = 'hamLocalisationAccuracy';
  checkMapSize(metric, options);
  const threshold = options.threshold ?? DEFAULT_SALIENCY_THRESHOLD;
  checkThreshold(metric, 'threshold', threshold);
  const iouThresholds = checkThresholdList(metric, 'iouThresholds', options.iouThresholds ?? HAM_IOU_THRESHOLDS);
  const iorThresholds = checkThresholdList(metric, 'iorThresholds', options.iorThresholds ?? HAM_IOR_THRESHOLDS);
  checkCases(metric, cases);
  const scores = cases.map((c, i) => {
    checkSaliency(metric, c.saliency, options, `cases[${i}].saliency`);
    const truth = groundTruthMask(`${metric} (cases[${i}])`, c.groundTruth, options);
    const result = overlapOfMasks(thresholdSaliency(c.saliency, threshold), truth);
    return { iou: result.iou, ior: result.ior ?? 0, empty: result.predictedPixels === 0 };
  });
  const perClass = groupByClass(cases).map(({ classIndex, caseIndices }) => {
    const passing = (key: 'iou' | 'ior', t: number) =>
      caseIndices.filter((i) => scores[i][key] >= t).length / caseIndices.length;
    return {
      classIndex,
      images: caseIndices.length,
      iouAccuracy: iouThresholds.map((t) => passing('iou', t)),
      iorAccuracy: iorThresholds.map((t) => passing('ior', t)),
      emptyPredictions: caseIndices.filter((i) => scores[i].empty).length,
    };
  });
  const meanOver = (key: 'iouAccuracy' | 'iorAccuracy', count: number) =>
    Array.from({ length: count }, (_, t) => perClass.reduce((sum, c) => sum + c[key][t], 0) / perClass.length);
  return {
    iouThresholds,
    iorThresholds,
    perClass,
    meanIouAccuracy: meanOver('iouAccuracy', iouThresholds.length),
    meanIorAccuracy: meanOver('iorAccuracy', iorThresholds.length),
    cases: scores.map(({ iou, ior }) => ({ iou, ior })),
  };
}
