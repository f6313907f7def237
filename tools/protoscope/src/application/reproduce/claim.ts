import type { ComparisonDirection } from './verdict';

/**
 * How big a claim's setting is: `quick` (2 seeds, small data, minutes), `full` (the documented
 * setting) and `micro` (a few images and one epoch: for tests of the command itself, not for figures).
 */
export const SCALES = ['micro', 'quick', 'full'] as const;
export type Scale = (typeof SCALES)[number];

/** A synthetic dataset, generated once per spec: `protoscope data generate GENERATOR --n … --size … --seed …`. */
export interface DatasetSpec {
  generator: string;
  n: number;
  size: number;
  seed: number;
  /** Generator options by their flag name (`prevalence`, `lesion-scale`). */
  options?: Readonly<Record<string, string>>;
}

/** One training run per seed, then one evaluation of it. */
export interface ArmSpec {
  method: string;
  data: DatasetSpec;
  epochs: number;
  batchSize: number;
  /** The method's config, explicit so that changes of a method's defaults do not move the setting. */
  config: Readonly<Record<string, unknown>>;
  /**
   * Config keys filled with the run id of another arm trained with the same seed (a distillation
   * student's `teacher`): key → arm name.
   */
  runOf?: Readonly<Record<string, string>>;
  evaluation: EvaluationSpec;
}

/** `protoscope evaluate --suite … --methods … --images split:test [--limit N]` on each run of an arm. */
export interface EvaluationSpec {
  suites: readonly string[];
  methods?: readonly string[];
  split: string;
  limit?: number;
}

/** A number read from one run's evaluation (null when the evaluation does not have it). */
export type MetricReader = (metrics: Readonly<Record<string, unknown>>) => number | null;

/** One side of a comparison: a figure of an arm over seeds, or a fixed target. */
export type FigureSpec = { arm: string; label: string; read: MetricReader } | { target: number; label: string };

export interface ComparisonSpec {
  /** What is compared, e.g. `test AUC`. */
  measure: string;
  a: FigureSpec;
  b: FigureSpec;
  direction: ComparisonDirection;
  /** For `at-least`: A ≥ B − margin (non-inferiority). */
  margin?: number;
}

export interface ClaimSetting {
  /** The setting in a sentence: dataset, size, schedule. */
  description: string;
  arms: Readonly<Record<string, ArmSpec>>;
  comparisons: readonly ComparisonSpec[];
}

/** One seed system's headline claim and how it is tested here. */
export interface Claim {
  /** The `--only` id. */
  id: string;
  /** Section of the methods reference. */
  section: string;
  system: string;
  headline: string;
  setting(scale: Scale): ClaimSetting;
}
