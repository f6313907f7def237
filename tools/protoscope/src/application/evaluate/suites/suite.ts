import type { EvaluationContext } from '../evaluation-context';

/** What a suite found: JSON metrics (their keys are `protoscope evaluate --json` keys) and table rows. */
export interface SuiteResult {
  metrics: Record<string, unknown>;
  /** [metric, value] rows for the printed table. */
  rows: Array<[string, string]>;
  /** Why some metrics of the suite could not be computed on this data (printed, and kept in JSON under `notes`). */
  notes?: string[];
}

/** One family of `protoscope evaluate --suite` (one file each, registered in suite-registry.ts). */
export interface EvaluationSuite {
  id: string;
  run(context: EvaluationContext): Promise<SuiteResult>;
}

export const format = (value: number | null | undefined, digits = 4): string => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
