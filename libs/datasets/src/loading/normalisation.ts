import { DatasetOptionError } from '../errors';

/** How pixel values in [0, 1] are turned into network inputs. */
export type Normalisation =
  /** Keep [0, 1]. */
  | 'unit'
  /** Map to [−1, 1]. */
  | 'symmetric'
  /** ImageNet mean/std per channel (3-channel inputs). */
  | 'imagenet'
  | { mean: number[]; std: number[] };

/** Per-channel (mean, std) for a normalisation and a channel count. */
export function normalisationConstants(normalisation: Normalisation, channels: number): { mean: number[]; std: number[] } {
  if (normalisation === 'unit') return { mean: Array(channels).fill(0), std: Array(channels).fill(1) };
  if (normalisation === 'symmetric') return { mean: Array(channels).fill(0.5), std: Array(channels).fill(0.5) };
  if (normalisation === 'imagenet') {
    if (channels !== 3) throw new DatasetOptionError("normalisation 'imagenet' needs channels: 3");
    return { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  }
  const { mean, std } = normalisation;
  if (mean.length !== channels || std.length !== channels || std.some((s) => !(s > 0))) {
    throw new DatasetOptionError(`normalisation needs ${channels} means and ${channels} positive stds`);
  }
  return { mean, std };
}
