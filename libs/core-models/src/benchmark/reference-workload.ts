import * as tf from '@tensorflow/tfjs-core';
import { chainStep, conv2dBiasActivation, conv2dBiasActivationMaxPool, prototypeDistances, type Trainable, type TrainBatch } from '@protoscope/engine';
import { Adam } from '../training/adam';

/**
 * The engine's reference workload: a small ProtoPNet on 64×64×1 images, batch 32 —
 * three conv3×3+ReLU+maxpool2 blocks (32, 64, 128 channels), a 1×1 add-on to 64 channels with a
 * sigmoid, 20 prototypes of 64×1×1 (10 per class), squared-L2 distances, min-pool, log similarity,
 * a bias-free linear layer to 2 classes, CE + 0.8·cluster − 0.08·separation, Adam. The same network
 * runs in PyTorch (bench/torch/engine_reference.py) so the two speeds can be compared.
 */
export const REFERENCE_WORKLOAD = {
  imageSize: 64,
  batch: 32,
  channels: [32, 64, 128],
  prototypeDepth: 64,
  prototypesPerClass: 10,
  classes: 2,
  clusterWeight: 0.8,
  separationWeight: -0.08,
  learningRate: 1e-3,
  epsilon: 1e-4,
} as const;

export interface ReferenceBatch {
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
}

export class ReferenceWorkload implements Trainable {
  readonly variables: tf.Variable[];
  private readonly convs: { filter: tf.Variable; bias: tf.Variable }[];
  private readonly addOn: { filter: tf.Variable; bias: tf.Variable };
  private readonly prototypes: tf.Variable;
  private readonly lastLayer: tf.Variable;
  private readonly prototypeClass: tf.Tensor2D;
  private readonly optimizer: Adam;

  constructor(seed = 0) {
    const w = REFERENCE_WORKLOAD;
    let next = seed;
    // He-normal initialisation, seeded so both runs of a comparison start from the same weights.
    // Unnamed variables: tfjs names them uniquely, so several copies can live in one process.
    const heNormal = (shape: number[], fanIn: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', ++next));
    const inputs = [1, ...w.channels];
    this.convs = w.channels.map((out, i) => ({
      filter: heNormal([3, 3, inputs[i]!, out], 9 * inputs[i]!),
      bias: tf.variable(tf.zeros([out])),
    }));
    const last = w.channels[w.channels.length - 1]!;
    this.addOn = {
      filter: heNormal([1, 1, last, w.prototypeDepth], last),
      bias: tf.variable(tf.zeros([w.prototypeDepth])),
    };
    const m = w.prototypesPerClass * w.classes;
    this.prototypes = tf.variable(tf.randomUniform([m, w.prototypeDepth], 0, 1, 'float32', ++next));
    const identity = tf.tidy(() => tf.oneHot(tf.range(0, m, 1, 'int32').div(w.prototypesPerClass).floor().toInt(), w.classes));
    this.prototypeClass = identity.toFloat() as tf.Tensor2D;
    identity.dispose();
    // ProtoPNet's last-layer start: +1 to the own class, −0.5 to the others.
    this.lastLayer = tf.variable(tf.tidy(() => this.prototypeClass.mul(1.5).sub(0.5)));
    this.variables = [...this.convs.flatMap((c) => [c.filter, c.bias]), this.addOn.filter, this.addOn.bias, this.prototypes, this.lastLayer];
    // The project's Adam, as the methods train (one native update per variable on torch).
    this.optimizer = new Adam(this.variables, { learningRate: w.learningRate });
  }

  /** The last conv block's output, [B, 8, 8, 128]: the layer Grad-CAM explains. */
  features(images: tf.Tensor4D): tf.Tensor4D {
    let x: tf.Tensor4D = images;
    for (const conv of this.convs) {
      const block = { filter: conv.filter as tf.Tensor4D, bias: conv.bias as tf.Tensor1D, strides: 1, pad: 'same', activation: 'relu' } as const;
      x = chainStep(x, images, (input) => conv2dBiasActivationMaxPool({ x: input as tf.Tensor4D, ...block }, { size: 2, strides: 2, pad: 'valid' }));
    }
    return x;
  }

  /** Min-pooled squared-L2 distances [B, M] and logits [B, K] from the feature map. */
  head(features: tf.Tensor4D): { distances: tf.Tensor2D; logits: tf.Tensor2D } {
    const z = conv2dBiasActivation({ x: features, filter: this.addOn.filter as tf.Tensor4D, bias: this.addOn.bias as tf.Tensor1D, strides: 1, pad: 'valid', activation: 'sigmoid' });
    const [b, h, wd, d] = z.shape;
    // ‖z − p‖² per position and prototype (one native kernel each way on torch).
    const maps = prototypeDistances(z.reshape([b * h * wd, d]), this.prototypes as tf.Tensor2D).reshape([b, h * wd, -1]);
    const distances = maps.min(1) as tf.Tensor2D;
    const eps = REFERENCE_WORKLOAD.epsilon;
    const similarity = tf.log(distances.add(1).div(distances.add(eps)));
    return { distances, logits: tf.matMul(similarity, this.lastLayer) as tf.Tensor2D };
  }

  logits(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.head(this.features(images)).logits);
  }

  loss(batch: ReferenceBatch): tf.Scalar {
    const w = REFERENCE_WORKLOAD;
    const { distances, logits } = this.head(this.features(batch.images));
    const onehot = tf.oneHot(batch.labels.toInt(), w.classes);
    const ce = tf.losses.softmaxCrossEntropy(onehot, logits);
    const own = tf.matMul(onehot, this.prototypeClass, false, true); // [B, M]: 1 where prototype j is of y_i
    const maxDist = w.prototypeDepth;
    const nearest = (mask: tf.Tensor) => tf.scalar(maxDist).sub(tf.max(tf.scalar(maxDist).sub(distances).mul(mask), 1)).mean();
    const cluster = nearest(own);
    const separation = nearest(tf.scalar(1).sub(own));
    return ce.add(cluster.mul(w.clusterWeight)).add(separation.mul(w.separationWeight)) as tf.Scalar;
  }

  /** One optimisation step; returns the loss value. */
  trainStep(batch: ReferenceBatch): number {
    const { loss, grads } = this.gradients(batch);
    this.applyGradients(grads);
    tf.dispose(grads);
    return loss;
  }

  /** Gradients of the mean loss over a batch, without applying them (for data-parallel training). */
  gradients(batch: ReferenceBatch | TrainBatch): { loss: number; grads: tf.Tensor[] } {
    const { value, grads } = tf.variableGrads(() => this.loss(batch as ReferenceBatch), this.variables);
    const loss = value.dataSync()[0]!;
    value.dispose();
    return { loss, grads: this.variables.map((v) => grads[v.name]!) };
  }

  applyGradients(grads: tf.Tensor[]): void {
    this.optimizer.apply(grads);
  }

  /**
   * Grad-CAM for the predicted class at the last conv block: channel weights are the spatial means
   * of ∂logit/∂A, the map is ReLU(Σ_c w_c A_c), bilinearly upsampled to the input size.
   */
  gradCam(images: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const features = this.features(images);
      // One pass through the head, as PyTorch's Grad-CAM. The predicted class's logit is the row's
      // maximum, whose gradient reaches that class alone (all of them only on an exact tie); an int32
      // one-hot of the arg-max would be cast to float forward and again in the product's gradient.
      const gradient = tf.grad((a: tf.Tensor) => this.head(a as tf.Tensor4D).logits.max(1).sum())(features);
      const weights = gradient.mean([1, 2], true);
      const cam = tf.relu(features.mul(weights).sum(3, true)) as tf.Tensor4D;
      return tf.image.resizeBilinear(cam, [images.shape[1], images.shape[2]]);
    });
  }

  weights(): tf.Tensor[] {
    return this.variables;
  }

  dispose(): void {
    tf.dispose([...this.variables, this.prototypeClass]);
    this.optimizer.dispose();
  }
}

/** A seeded random batch of the reference shape (the workload measures speed, not accuracy). */
export function referenceBatch(seed = 1): ReferenceBatch {
  const w = REFERENCE_WORKLOAD;
  return tf.tidy(() => ({
    images: tf.randomUniform([w.batch, w.imageSize, w.imageSize, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
    labels: tf.randomUniform([w.batch], 0, w.classes, 'int32', seed + 1).toFloat() as tf.Tensor1D,
  }));
}

/** Factory for data-parallel replicas (see engine/data-parallel): every replica builds the same model. */
export function createReferenceTrainable(options: { seed?: number } = {}): ReferenceWorkload {
  return new ReferenceWorkload(options.seed ?? 0);
}
