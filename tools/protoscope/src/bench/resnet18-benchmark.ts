import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type MeasureOptions, measureThroughput } from '@protoscope/engine';
import { Adam, ResNet18 } from '@protoscope/core-models';
import { z } from 'zod';
import { findTorchPython } from './find-torch-python';
import { runPython } from './torch-reference';

/** The realistic-size workload: ResNet-18 on 224×224×3, batch 16, 2 classes, cross-entropy, Adam 1e-3. */
export const RESNET18_WORKLOAD = { batch: 16, imageSize: 224, classes: 2, learningRate: 1e-3 } as const;

export const RESNET18_REFERENCE_SCRIPT = path.resolve(__dirname, '../../../../bench/torch/resnet18_reference.py');

export interface Resnet18Figures {
  trainImgPerSec: number;
  trainSteps: number;
}

/** Training speed of ResNet-18 (batch-norm in training mode) on the current backend. */
export function runResnet18Benchmark(measure: MeasureOptions, seed = 0): Resnet18Figures {
  const w = RESNET18_WORKLOAD;
  const backbone = new ResNet18(
    { inChannels: 3, stem: 'large', widths: [64, 128, 256, 512], widthMultiplier: 1, blocks: [2, 2, 2, 2] },
    seed,
  );
  const head = tf.variable(tf.randomNormal([backbone.outChannels, w.classes], 0, Math.sqrt(1 / backbone.outChannels), 'float32', seed + 1));
  const bias = tf.variable(tf.zeros([w.classes]));
  const images = tf.randomUniform([w.batch, w.imageSize, w.imageSize, 3], 0, 1, 'float32', seed + 2) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([w.batch], 0, w.classes, 'int32', seed + 3), w.classes));
  const variables = [...backbone.params.trainable(), head, bias];
  // The project's Adam, as the methods train (one native update per variable on torch).
  const optimizer = new Adam(variables, { learningRate: w.learningRate });
  try {
    const train = measureThroughput(() => {
      const { value, grads } = tf.variableGrads(() => {
        const pooled = tf.mean(backbone.apply(images, { training: true }), [1, 2]);
        return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(pooled, head), bias)) as tf.Scalar;
      }, variables);
      optimizer.apply(variables.map((v) => grads[v.name]));
      value.dataSync();
      tf.dispose([value, grads]);
    }, measure);
    return { trainImgPerSec: w.batch / train.secondsPerCall, trainSteps: train.calls };
  } finally {
    tf.dispose([head, bias, images, labels, ...backbone.params.all()]);
    optimizer.dispose();
  }
}

const resnetReferenceSchema = z.object({
  framework: z.literal('pytorch'),
  version: z.string().min(1),
  threads: z.number().int().positive(),
  batch: z.literal(16),
  imageSize: z.literal(224),
  trainImgPerSec: z.number().positive().finite(),
  trainSteps: z.number().int().positive(),
});

export type Resnet18Reference = z.infer<typeof resnetReferenceSchema>;

/** The same network in PyTorch (bench/torch/resnet18_reference.py), or why it could not run. */
export async function runResnet18TorchReference(options: { threads: number; trainSteps: number; warmupSteps?: number; python?: string }): Promise<Resnet18Reference | { unavailable: string }> {
  if (!existsSync(RESNET18_REFERENCE_SCRIPT)) throw new Error(`PyTorch ResNet-18 script not found at ${RESNET18_REFERENCE_SCRIPT}`);
  const found = await findTorchPython(options.python);
  if ('unavailable' in found) return found;
  const args = [RESNET18_REFERENCE_SCRIPT, '--threads', String(options.threads), '--train-steps', String(options.trainSteps)];
  if (options.warmupSteps !== undefined) args.push('--warmup-steps', String(options.warmupSteps));
  const stdout = await runPython(found.python, args, options.threads);
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error('PyTorch ResNet-18 reference printed no JSON object on stdout');
  const parsed = resnetReferenceSchema.safeParse(JSON.parse(line));
  if (!parsed.success) throw new Error(`PyTorch ResNet-18 reference output is not as expected: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
