import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '@protoscope/datasets';
import type { PreparedSample } from '@protoscope/datasets/tensors';
import type { MethodBatch } from '../methods/method';

/** Which findings a method reads and where they come from. */
export interface FindingSource {
  /** The multi-label task holding one 0/1/null per finding. */
  task: string;
  /** Its class names = the findings, in label order; a lesion's `kind` names its finding. */
  names: readonly string[];
  boxes: boolean;
}

export class FindingTaskError extends Error {
  override name = 'FindingTaskError';
}

/** The findings task of a dataset, checked: it must exist and be multi-label. */
export function findingSource(tasks: Record<string, Task>, taskName: string, boxes: boolean, where: string): FindingSource {
  const task = tasks[taskName];
  if (!task) throw new FindingTaskError(`${where}: the method needs a multi-label findings task '${taskName}' (tasks: ${Object.keys(tasks).join(', ')})`);
  if (task.kind !== 'multi-label') throw new FindingTaskError(`${where}: task '${taskName}' is ${task.kind}; the method's findings task must be multi-label`);
  return { task: taskName, names: task.classes, boxes };
}

/**
 * The findings part of a batch: presence [B, F] with a known-mask (unknown labels are 0 with known 0),
 * and, if asked, each finding's boxes filled into a [B, H, W, F] mask with [B, F] saying which images
 * have a box of that finding. Boxes are the samples' (augmented, output-pixel) lesion boxes; a pixel
 * is inside when its centre is.
 */
export function findingTargets(samples: readonly PreparedSample[], source: FindingSource, height: number, width: number): Partial<MethodBatch> {
  const b = samples.length;
  const f = source.names.length;
  const presence = new Float32Array(b * f);
  const known = new Float32Array(b * f);
  samples.forEach((s, i) => {
    const labels = s.record.labels[source.task];
    for (let j = 0; j < f; j++) {
      const v = Array.isArray(labels) ? labels[j] : null;
      presence[i * f + j] = v === 1 ? 1 : 0;
      known[i * f + j] = v === 0 || v === 1 ? 1 : 0;
    }
  });
  const out: Partial<MethodBatch> = { findings: tf.tensor2d(presence, [b, f]), findingKnown: tf.tensor2d(known, [b, f]) };
  if (!source.boxes) return out;
  const masks = new Float32Array(b * height * width * f);
  const boxKnown = new Float32Array(b * f);
  samples.forEach((s, i) => {
    (s.record.lesions ?? []).forEach((lesion, k) => {
      const j = source.names.indexOf(lesion.kind);
      const box = s.lesionBoxes[k];
      if (j < 0 || !box) return;
      boxKnown[i * f + j] = 1;
      const y0 = Math.max(0, Math.ceil(box.y - 0.5));
      const y1 = Math.min(height - 1, Math.ceil(box.y + box.height - 0.5) - 1);
      const x0 = Math.max(0, Math.ceil(box.x - 0.5));
      const x1 = Math.min(width - 1, Math.ceil(box.x + box.width - 0.5) - 1);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) masks[((i * height + y) * width + x) * f + j] = 1;
    });
  });
  out.findingBoxes = tf.tensor4d(masks, [b, height, width, f]);
  out.findingBoxKnown = tf.tensor2d(boxKnown, [b, f]);
  return out;
}
