/**
 * Classification evaluations of runs. An Evaluation's `metrics` is the evaluator's classification
 * report (JSON): `confusionMatrix` counts[actual][predicted], and, when curves were requested,
 * `rocCurve {fpr, tpr}` and `prCurve {recall, precision}` for two classes or the same per class under
 * `perClass[k]` (one-vs-rest) for more. These readers accept exactly that and say what is missing.
 */
import { graphql } from '../../graphql/generated';
import { z } from 'zod';
import type { RunEvaluationsQuery } from '../../graphql/generated/graphql';

/** An evaluation of a run as the RunEvaluations query returns it. */
export type EvaluationNode = RunEvaluations['evaluations'][number];

export type RunEvaluations = RunEvaluationsQuery['runs']['edges'][number]['node'];

export const RUN_EVALUATIONS = graphql(`
  query RunEvaluations($filter: RunFilter, $name: String) {
    runs(filter: $filter, first: 50) {
      edges {
        node {
          id
          name
          dataset {
            classes
          }
          evaluations(name: $name) {
            id
            name
            split
            step
            createdAt
            metrics
          }
        }
      }
    }
  }
`);

/** The newest evaluation on the split (any split when empty). */
export function latestEvaluation(evaluations: readonly EvaluationNode[], split: string): EvaluationNode | undefined {
  return evaluations
    .filter((evaluation) => !split || evaluation.split === split)
    .reduce<EvaluationNode | undefined>((best, evaluation) => (!best || evaluation.createdAt > best.createdAt ? evaluation : best), undefined);
}

const rocSchema = z.object({ fpr: z.array(z.number()), tpr: z.array(z.number()) });
const prSchema = z.object({ recall: z.array(z.number()), precision: z.array(z.number()) });
const curvesSchema = z.object({
  rocCurve: rocSchema.nullish(),
  prCurve: prSchema.nullish(),
  auc: z.number().nullish(),
  averagePrecision: z.number().nullish(),
  perClass: z
    .array(z.object({ auc: z.number().nullish(), rocCurve: rocSchema.nullish(), prCurve: prSchema.nullish() }).loose())
    .nullish(),
});

export interface Curves {
  roc: { fpr: number[]; tpr: number[] } | null;
  pr: { recall: number[]; precision: number[] } | null;
  auc: number | null;
  /** Which curves these are: the binary task's, or one class's one-vs-rest. */
  label: string;
}

/** The ROC and PR curves of a report; for more than two classes those of `classIndex` (default: class 1). */
export function readCurves(metrics: unknown, classIndex: number | null): Curves | { missing: string } {
  const parsed = curvesSchema.safeParse(metrics);
  if (!parsed.success) return { missing: 'the evaluation is not a classification report' };
  const report = parsed.data;
  if (report.rocCurve || report.prCurve) {
    return { roc: report.rocCurve ?? null, pr: report.prCurve ?? null, auc: report.auc ?? null, label: 'binary' };
  }
  const perClass = report.perClass ?? [];
  const k = classIndex ?? 1;
  const entry = perClass[k];
  if (entry && (entry.rocCurve || entry.prCurve)) {
    return { roc: entry.rocCurve ?? null, pr: entry.prCurve ?? null, auc: entry.auc ?? null, label: `class ${k} vs rest` };
  }
  return { missing: 'the evaluation has no curves (evaluate with curves included)' };
}

const confusionSchema = z.object({ confusionMatrix: z.array(z.array(z.number())) });

export function readConfusionMatrix(metrics: unknown): number[][] | null {
  const parsed = confusionSchema.safeParse(metrics);
  if (!parsed.success) return null;
  const matrix = parsed.data.confusionMatrix;
  return matrix.every((row) => row.length === matrix.length) ? matrix : null;
}

/** Each row divided by its total: row k then reads "of the cases of class k, the share predicted as j". */
export function normalizeRows(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    return row.map((value) => (total > 0 ? value / total : 0));
  });
}
