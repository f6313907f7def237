import * as tf from '@tensorflow/tfjs-core';
import { seededRandom, streamKey } from '@protoscope/core-models';
import { batchRanges, resolveBatchSize } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { resolveTargets } from './targets';
import { normaliseMinMax, toHeatmaps } from './upsample-normalise';

/** Masks `start`…`start + count − 1` of a run, [count, height, width] with values in [0, 1]. */
export type RiseMaskSource = (start: number, count: number, height: number, width: number) => tf.Tensor3D;

export interface RiseOptions {
  /** Number of random masks N (default 4000). */
  masks?: number;
  /** Grid cells per side s (default 8). */
  cells?: number;
  /** Probability p that a grid cell is kept (default 0.5). */
  keepProbability?: number;
  /** Where masks come from; default RISE's random grids (`riseMasks`), seeded by `seed`. */
  maskSource?: RiseMaskSource;
  /** Min-max scale the saliency to [0, 1] (default true); false returns the raw estimate S (scale 'signed'). */
  normalise?: boolean;
}

/**
 * RISE's masks (Petsiuk et al.; eclique/RISE `generate_masks`): mask i is an s×s grid of cells kept
 * with probability p, bilinearly upsampled (half-pixel centres) to (s + 1)·cell with cell = ⌈size/s⌉,
 * then cropped to the image at a random shift in [0, cell) per axis — so cell edges fall anywhere.
 * Mask i draws from its own seeded stream, so it does not depend on how the run is batched.
 */
export function riseMasks(seed: number, cells: number, keepProbability: number): RiseMaskSource {
  return (start, count, height, width) =>
    tf.tidy(() => {
      const cellH = Math.ceil(height / cells);
      const cellW = Math.ceil(width / cells);
      const upH = (cells + 1) * cellH;
      const upW = (cells + 1) * cellW;
      const grids = new Float32Array(count * cells * cells);
      // Crops as gathers of whole rows (then, transposed, whole columns) of the stacked upsampled masks.
      const rowIndices = new Int32Array(count * height);
      const columnIndices = new Int32Array(count * width);
      for (let i = 0; i < count; i++) {
        const random = seededRandom(streamKey(seed, `rise-mask-${start + i}`));
        for (let c = 0; c < cells * cells; c++) grids[i * cells * cells + c] = random.uniform() < keepProbability ? 1 : 0;
        const shiftH = Math.floor(random.uniform() * cellH);
        const shiftW = Math.floor(random.uniform() * cellW);
        for (let h = 0; h < height; h++) rowIndices[i * height + h] = i * upH + shiftH + h;
        for (let w = 0; w < width; w++) columnIndices[i * width + w] = i * upW + shiftW + w;
      }
      const grid = tf.tensor4d(grids, [count, cells, cells, 1]);
      const upsampled = tf.reshape(tf.image.resizeBilinear(grid, [upH, upW], false, true), [count * upH, upW]);
      const rows = tf.reshape(tf.gather(upsampled, tf.tensor1d(rowIndices, 'int32')), [count, height, upW]);
      const columnsFirst = tf.reshape(tf.transpose(rows, [0, 2, 1]), [count * upW, height]);
      const cropped = tf.reshape(tf.gather(columnsFirst, tf.tensor1d(columnIndices, 'int32')), [count, width, height]);
      return tf.transpose(cropped, [0, 2, 1]) as tf.Tensor3D;
    });
}

/**
 * RISE (Petsiuk et al. 2018): S_c = 1/(N·p) · Σ_i softmax_c(f(I ⊙ M_i)) · M_i — the expected class
 * probability given that a pixel is kept. Defaults N = 4000, s = 8, p = 0.5: the paper's notebook uses
 * 6000 masks with p = 0.1 on 224² ImageNet images; on the small images this workbench explains, a
 * coarse 8×8 grid with p = 0.5 keeps enough of the image for the model to still see the object, and
 * 4000 masks keep the estimate's noise well below its range. The same masks serve every image; a
 * forward batch holds up to `batchSize` masked copies of one image.
 */
export class Rise implements Explainer {
  readonly id = 'rise';

  constructor(
    private readonly model: ExplainableModel,
    private readonly defaults: RiseOptions = {},
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions & RiseOptions = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options };
    const count = settings.masks ?? 4000;
    const cells = settings.cells ?? 8;
    const keep = settings.keepProbability ?? 0.5;
    if (!Number.isInteger(count) || count < 1) throw new ExplainInputError(this.id, `masks must be a positive integer, got ${count}`);
    if (!Number.isInteger(cells) || cells < 1) throw new ExplainInputError(this.id, `cells must be a positive integer, got ${cells}`);
    if (!(keep > 0 && keep <= 1)) throw new ExplainInputError(this.id, `keepProbability must be in (0, 1], got ${keep}`);
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const [batch, height, width] = images.shape;
    const targets = resolveTargets(this.id, this.model, images, { target: settings.target, batchSize });
    const source = settings.maskSource ?? riseMasks(settings.seed ?? 0, cells, keep);

    // Σ_i p_i·M_i of each image, [1, H·W].
    const sums = Array.from({ length: batch }, () => tf.zeros([1, height * width]) as tf.Tensor2D);
    for (const [start, size] of batchRanges(count, batchSize)) {
      const masks = source(start, size, height, width);
      if (masks.shape.join() !== [size, height, width].join()) {
        masks.dispose();
        tf.dispose(sums);
        throw new ExplainInputError(this.id, `mask source gave [${masks.shape.join(', ')}], expected [${size}, ${height}, ${width}]`);
      }
      for (let b = 0; b < batch; b++) {
        const next = tf.tidy(() => {
          const masked = tf.mul(tf.slice(images, b, 1), tf.expandDims(masks, 3)) as tf.Tensor4D;
          const probabilities = tf.slice(tf.softmax(this.model.logits(masked)), [0, targets[b]!], [size, 1]);
          // This chunk's Σ_i p_i·M_i as a [1, size] × [size, H·W] product.
          return tf.add(sums[b]!, tf.matMul(probabilities, tf.reshape(masks, [size, height * width]), true)) as tf.Tensor2D;
        });
        sums[b]!.dispose();
        sums[b] = next;
        settings.onProgress?.(start * batch + (b + 1) * size, count * batch);
      }
      masks.dispose();
    }
    const normalise = settings.normalise ?? true;
    const maps = tf.tidy(() => {
      const saliency = tf.reshape(tf.div(tf.concat(sums, 0), count * keep), [batch, height, width]) as tf.Tensor3D;
      return normalise ? normaliseMinMax(saliency) : saliency;
    });
    tf.dispose(sums);
    return toHeatmaps(maps, targets, normalise ? 'unit' : 'signed');
  }
}

export function createRise(model: ExplainableModel, options: RiseOptions = {}): Rise {
  return new Rise(model, options);
}
