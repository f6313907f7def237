import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../../backbones/backbone';
import { Linear } from '../../layers/linear';
import { initializers } from '../../parameters/initializers';
import { ParameterSet } from '../../parameters/parameter-set';
import { seededRandom, streamKey } from '../../parameters/seeded-random';
import { buildBackbone } from '../build-backbone';
import type { ExplainHooks, ForwardOutput, LossTerms, MethodBatch, MethodDefinition, MethodModel, ModelContext, TeacherContext, TrainingPhase } from '../method';
import { singleRatePhase } from '../single-rate-phase';
import { stopGradient } from '../stop-gradient';
import type { ProcKdConfig } from './proc-kd-config';
import { procKdEntry } from './proc-kd-entry';
import { cellCosines, logitDistillation, meanKl, prototypeLoss, softAssignment, unitRows } from './prototype-distillation';

export class TeacherError extends Error {
  override name = 'TeacherError';
}

/**
 * ProC-KD, prototype-guided cross-task distillation (methods reference §9; the modules' shapes are
 * ours, docs/methods.md). A frozen teacher of another label space gives a feature map T; a prototype
 * module learns M local prototypes P in T's space (soft k-means of T's cells); the student's cells,
 * projected into that space, are softly assigned to P, and the prototype mixture they pick, mapped
 * back and scaled by a per-channel gate computed from the student's own pooled feature (the
 * task-adaptive part), is added to the student's feature map before its classifier. The student
 * learns its labels (CE), assigns its cells to the prototypes as the teacher's cells are assigned
 * (KL), and P keeps fitting T. The teacher's outputs are used only for training: at inference the
 * student uses the prototypes it stores (it is still loaded, as the student's layers take its width). `distillation: 'logit'` is the plain baseline instead: the student
 * gets a second head over the teacher's classes that learns the teacher's softened distribution.
 */
export class ProcKdModel implements MethodModel {
  readonly params = new ParameterSet();
  readonly backbone: Backbone;
  readonly explain: ExplainHooks;
  private readonly classifier: Linear;
  /** Prototype mode. */
  private readonly toTeacher?: Linear;
  private readonly augment?: Linear;
  private readonly gate?: Linear;
  private readonly prototypeVectors?: tf.Variable;
  private readonly prototypesReady?: tf.Variable;
  /** Logit mode: a head over the teacher's classes. */
  private readonly teacherHead?: Linear;

  constructor(
    readonly config: ProcKdConfig,
    readonly context: ModelContext,
  ) {
    const { seed, classes, teacher } = context;
    this.backbone = buildBackbone(config.backbone, context.inputShape[2], this.params, seed);
    const c = this.backbone.outChannels;
    const grid = this.backbone.outputSize([context.inputShape[0], context.inputShape[1]]);
    this.classifier = new Linear(this.params, 'head/classifier', { inFeatures: c, outFeatures: classes }, seed);
    if (!teacher) throw new TeacherError(`proc-kd: the model of teacher run ${config.teacher} was not loaded; protoscope loads it from the store when it trains or loads a proc-kd run`);
    const { channels: width } = this.checkTeacher(teacher, grid);
    if (config.distillation === 'prototype') {
      this.toTeacher = new Linear(this.params, 'head/toTeacher', { inFeatures: c, outFeatures: width }, seed);
      this.augment = new Linear(this.params, 'head/augment', { inFeatures: width, outFeatures: c }, seed);
      this.gate = new Linear(this.params, 'head/gate', { inFeatures: c, outFeatures: c }, seed);
      this.prototypeVectors = this.params.create('head/prototypes', [config.prototypes, width], initializers.uniform(-1, 1), { seed });
      this.prototypesReady = this.params.create('state/prototypesReady', [1], initializers.zeros(), { seed, trainable: false });
    } else {
      this.teacherHead = new Linear(this.params, 'head/teacherClasses', { inFeatures: c, outFeatures: teacher.classes }, seed);
    }
    this.explain = {
      features: (images) => this.backbone.apply(images, { training: false }),
      logitsFromFeatures: (features) => this.head(features).logits,
      receptiveField: (size) => {
        const field = this.backbone.receptiveField(size);
        return (h, w) => field.box(h, w);
      },
      ...(config.distillation === 'logit'
        ? { pooledClassifier: () => ({ weights: tf.clone(this.classifier.weight) as tf.Tensor2D, bias: tf.clone(this.classifier.bias!) as tf.Tensor1D }) }
        : {}),
    };
  }

  /** The teacher must take one image of the student's shape; its feature grid must match the student's. */
  private checkTeacher(teacher: TeacherContext, grid: [number, number]): { channels: number } {
    const run = `teacher run ${teacher.runId}`;
    if (teacher.inputShape.join('x') !== this.context.inputShape.join('x')) {
      throw new TeacherError(`${run} takes images of ${teacher.inputShape.join('×')}, the student ${this.context.inputShape.join('×')}`);
    }
    if (!teacher.model.explain) throw new TeacherError(`${run}: its method takes more than one image, a teacher must take one`);
    const shape = tf.tidy(() => teacher.model.explain!.features(tf.zeros([1, ...this.context.inputShape]) as tf.Tensor4D).shape);
    if (this.config.distillation === 'prototype' && (shape[1] !== grid[0] || shape[2] !== grid[1])) {
      throw new TeacherError(`${run}: its feature map is ${shape[1]}×${shape[2]} cells, the student's ${grid[0]}×${grid[1]}; choose backbones with the same downsampling`);
    }
    return { channels: shape[3] };
  }

  variables(): Map<string, tf.Variable> {
    return this.params.variables();
  }

  /** The student's prediction from its feature map [B, h, w, C]: prototype augmentation (prototype mode), GAP, classifier. */
  head(features: tf.Tensor4D): { logits: tf.Tensor2D; studentLogAssignment?: tf.Tensor2D } {
    return tf.tidy(() => {
      if (!this.prototypeVectors) return { logits: this.classifier.apply(tf.mean(features, [1, 2])) as tf.Tensor2D };
      const [b, h, w, c] = features.shape;
      const prototypes = this.prototypeVectors as tf.Tensor as tf.Tensor2D;
      const cells = this.toTeacher!.apply(tf.reshape(features, [b * h * w, c])) as tf.Tensor2D;
      const scaled = tf.div(cellCosines(cells, prototypes), this.config.assignmentTemperature);
      const mixture = tf.matMul(tf.softmax(scaled), unitRows(prototypes));
      const delta = tf.reshape(this.augment!.apply(mixture), [b, h, w, c]);
      const gate = tf.sigmoid(this.gate!.apply(tf.mean(features, [1, 2])));
      const augmented = tf.add(features, tf.mul(delta, tf.reshape(gate, [b, 1, 1, c])));
      return { logits: this.classifier.apply(tf.mean(augmented, [1, 2])) as tf.Tensor2D, studentLogAssignment: tf.logSoftmax(scaled) as tf.Tensor2D };
    });
  }

  /** Starts the prototypes at M distinct teacher cells of the first training batch (seeded), so none starts far from the data. */
  private initialisePrototypes(teacherCells: tf.Tensor2D): void {
    const n = teacherCells.shape[0];
    const random = seededRandom(streamKey(this.context.seed, 'proc-kd-prototypes'));
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const picks = Array.from({ length: this.config.prototypes }, (_, m) => order[m % n]!);
    tf.tidy(() => {
      this.prototypeVectors!.assign(unitRows(tf.gather(teacherCells, picks)));
      this.prototypesReady!.assign(tf.ones([1]));
    });
  }

  forward(batch: MethodBatch, { training }: { training: boolean }): ForwardOutput {
    // The teacher is only needed for the training losses.
    const teacher = training ? this.context.teacher! : undefined;
    if (teacher && this.prototypesReady && this.prototypesReady.dataSync()[0] !== 1) {
      tf.tidy(() => {
        const map = teacher.model.explain!.features(batch.images);
        this.initialisePrototypes(tf.reshape(map, [-1, map.shape[3]]) as tf.Tensor2D);
      });
    }
    return tf.tidy(() => {
      const features = this.backbone.apply(batch.images, { training });
      const { logits, studentLogAssignment } = this.head(features);
      if (!teacher) return { logits, extras: {} as Record<string, tf.Tensor> };
      if (this.teacherHead) {
        const teacherLogits = stopGradient(teacher.model.forward(batch, { training: false }).logits);
        return { logits, extras: { teacherLogits, studentTeacherLogits: this.teacherHead.apply(tf.mean(features, [1, 2])) } };
      }
      const map = stopGradient(teacher.model.explain!.features(batch.images));
      const teacherCosines = cellCosines(tf.reshape(map, [-1, map.shape[3]]) as tf.Tensor2D, this.prototypeVectors as tf.Tensor as tf.Tensor2D);
      return { logits, extras: { teacherCosines, studentLogAssignment: studentLogAssignment! } };
    });
  }

  loss(batch: MethodBatch, output: ForwardOutput): LossTerms {
    return tf.tidy(() => {
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, this.context.classes), output.logits) as tf.Scalar;
      const e = output.extras as Record<string, tf.Tensor2D>;
      if (this.teacherHead) {
        const kd = logitDistillation(e['teacherLogits']!, e['studentTeacherLogits']!, this.config.kdTemperature);
        const terms: Record<string, tf.Scalar> = { ce, kd };
        return { total: tf.add(ce, tf.mul(kd, this.config.kdWeight)) as tf.Scalar, terms };
      }
      const teacherAssignment = softAssignment(e['teacherCosines']!, this.config.assignmentTemperature);
      const prototype = prototypeLoss(e['teacherCosines']!, teacherAssignment);
      const align = meanKl(stopGradient(teacherAssignment), e['studentLogAssignment']!);
      const total = tf.addN([ce, tf.mul(prototype, this.config.prototypeWeight), tf.mul(align, this.config.alignWeight)]) as tf.Scalar;
      return { total, terms: { ce, prototype, align } };
    });
  }

  phase(): TrainingPhase {
    return singleRatePhase(this.config);
  }

  /** Frees the student and the teacher it was given. */
  dispose(): void {
    this.params.dispose();
    this.context.teacher?.model.dispose();
  }
}

export const procKdMethod: MethodDefinition<ProcKdConfig> = {
  ...procKdEntry,
  dataNeeds: (config) => ({ teacherRun: config.teacher }),
  create: (config, context) => new ProcKdModel(config, context),
};
