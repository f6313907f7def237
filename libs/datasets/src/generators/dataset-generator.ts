import { DatasetOptionError } from '../errors';
import type { LabelMap, Raster } from '../image/raster';
import type { ImageRecord, Lesion, Task } from '../manifest/schema';

/** A generated record before it is written: the writer adds image/mask paths and the size. */
export type GeneratedRecord = Omit<ImageRecord, 'image' | 'width' | 'height' | 'channels' | 'partMask' | 'lesions'> & {
  lesions?: Array<Omit<Lesion, 'mask'>>;
};

/** One generated image with its exact ground truth. */
export interface GeneratedImage {
  record: GeneratedRecord;
  image: Raster;
  /** Value k+1 = record.lesions[k]. */
  lesionMap?: LabelMap;
  /** Value k+1 = keypointNames[k]. */
  partMap?: LabelMap;
}

export interface GeneratedDataset {
  primaryTask: string;
  tasks: Record<string, Task>;
  lesionKinds: string[];
  keypointNames: string[];
  notes: string[];
  images: GeneratedImage[];
}

export interface GeneratorParams {
  /** Number of images. */
  n: number;
  seed: number;
  /** Side of the square images, in pixels. */
  size: number;
  /** Generator-specific options (strings from the CLI, or numbers). */
  options: Readonly<Record<string, string | number | undefined>>;
}

export interface GeneratorOptionSpec {
  name: string;
  description: string;
  default: string | number;
}

/** One synthetic dataset. Adding one = a file implementing this + one line in generator-registry.ts. */
export interface DatasetGenerator {
  name: string;
  summary: string;
  options: readonly GeneratorOptionSpec[];
  generate(params: GeneratorParams): GeneratedDataset;
}

/** Reads a numeric option with its default and range; throws DatasetOptionError if invalid. */
export function numberOption(
  params: GeneratorParams,
  spec: Pick<GeneratorOptionSpec, 'name' | 'default'>,
  min = -Infinity,
  max = Infinity,
): number {
  const raw = params.options[spec.name] ?? spec.default;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new DatasetOptionError(`--${spec.name} must be a number in [${min}, ${max}], got '${raw}'`);
  }
  return value;
}

/** Reads a comma-separated list of numbers (e.g. per-site prevalence). */
export function numberListOption(params: GeneratorParams, spec: Pick<GeneratorOptionSpec, 'name' | 'default'>, min: number, max: number): number[] {
  const raw = String(params.options[spec.name] ?? spec.default);
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v < min || v > max)) {
    throw new DatasetOptionError(`--${spec.name} must be comma-separated numbers in [${min}, ${max}], got '${raw}'`);
  }
  return values;
}

export function checkCommonParams(params: GeneratorParams): void {
  if (!Number.isInteger(params.n) || params.n < 1) throw new DatasetOptionError(`--n must be a positive integer, got ${params.n}`);
  if (!Number.isInteger(params.size) || params.size < 16 || params.size > 1024) throw new DatasetOptionError(`--size must be an integer in [16, 1024], got ${params.size}`);
  if (!Number.isInteger(params.seed)) throw new DatasetOptionError(`--seed must be an integer, got ${params.seed}`);
}
