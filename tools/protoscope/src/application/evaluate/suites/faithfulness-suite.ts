import * as tf from '@tensorflow/tfjs-core';
import { deletionInsertion, type DeletionInsertionMode } from '@protoscope/eval';
import { meanWithCi, type MeanWithCi } from '../evaluation-context';
import { format, type EvaluationSuite } from './suite';

const MODES: Array<{ mode: DeletionInsertionMode; key: string }> = [
  { mode: 'deletion', key: 'deletionAuc' },
  { mode: 'insertion', key: 'insertionAuc' },
];

/**
 * RISE's deletion and insertion AUC of each method's maps of the predicted class: deletion replaces
 * the most salient pixels with 0, insertion adds them to a blurred image, one image row's worth of
 * pixels per step (224 px per step on 224 × 224 images in the reference; the same number of steps
 * as rows here). Lower deletion and higher insertion AUC mean a more faithful map.
 */
export const faithfulnessSuite: EvaluationSuite = {
  id: 'faithfulness',
  async run(context) {
    const { images, explainable } = context;
    const predict = (batch: tf.Tensor4D) => tf.tidy(() => tf.softmax(explainable.logits(batch)) as tf.Tensor2D);
    const metrics: Record<string, Record<string, MeanWithCi | null>> = { deletionAuc: {}, insertionAuc: {} };
    const rows: Array<[string, string]> = [];
    for (const method of context.methods) {
      const heatmaps = await context.heatmaps(method, 'predicted');
      const scores: Record<string, number[]> = { deletionAuc: [], insertionAuc: [] };
      for (const { images: batch, offset } of images.batches()) {
        const pixels = tf.unstack(batch) as tf.Tensor3D[];
        for (const [i, image] of pixels.entries()) {
          for (const { mode, key } of MODES) {
            const result = await deletionInsertion({
              image,
              saliency: heatmaps.maps[offset + i]!,
              predict,
              target: context.predictions.predicted[offset + i]!,
              mode,
              step: images.width,
            });
            scores[key]!.push(result.auc);
          }
        }
        tf.dispose([batch, ...pixels]);
      }
      for (const { key } of MODES) {
        const summary = meanWithCi(scores[key]!);
        metrics[key]![method] = summary;
        rows.push([`${key} ${method}`, summary ? `${format(summary.mean, 3)} [${format(summary.lower, 3)}, ${format(summary.upper, 3)}]` : '–']);
      }
    }
    return { metrics, rows };
  },
};
