import type * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '../backbones/receptive-field';
import type { MethodEntry } from './method-entry';
import type { PrototypeRecord } from './prototype-record';

export type { MethodEntry, MethodInputs } from './method-entry';

/** What a method sees of a batch: images [B,H,W,C], int32 class labels [B], and optional extras. */
export interface MethodBatch {
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
  /** The other view of the same breast (multi-view methods), aligned with `images`. */
  pairedImages?: tf.Tensor4D;
  /** Dataset record ids, row-aligned (for push provenance and predictions). */
  ids?: string[];
  /** Per-finding presence [B, F] (0/1) from the findings task the method asked for (`MethodDataNeeds`). */
  findings?: tf.Tensor2D;
  /** [B, F]: 1 where that finding's label is known, 0 where the dataset leaves it unknown. */
  findingKnown?: tf.Tensor2D;
  /** Filled ground-truth boxes of each finding [B, H, W, F] (lesions whose kind is the finding's name). */
  findingBoxes?: tf.Tensor4D;
  /** [B, F]: 1 where the image has at least one box of that finding. */
  findingBoxKnown?: tf.Tensor2D;
  /** Row-aligned: true for images of the trusted few-shot split (methods declaring `fewShotSplit`). */
  fewShot?: boolean[];
  /**
   * Row-aligned ground truth of synthetic noisy data ('clean', 'wrong-label', 'out-of-distribution';
   * undefined where the record says nothing): for metrics of a cleaning step only, never for training.
   */
  noiseStatus?: Array<string | undefined>;
}

/** Data a method needs besides images and the primary task's labels; the data path fills `MethodBatch` with it. */
export interface MethodDataNeeds {
  /** A multi-label task whose labels become `findings` (its class names are `ModelContext.findings`). */
  findingsTask?: string;
  /** Fill `findingBoxes` / `findingBoxKnown` from the lesions' boxes. */
  findingBoxes?: boolean;
  /** A split of trusted clean images trained on together with `train` and flagged in `MethodBatch.fewShot`. */
  fewShotSplit?: string;
  /** A trained run whose model the method learns from (a teacher); the trainer loads it into `ModelContext.teacher`. */
  teacherRun?: string;
}

/** A trained model of another run, frozen, that a method learns from. */
export interface TeacherContext {
  runId: string;
  model: MethodModel;
  /** The teacher's own class count (its label space may differ from the student's). */
  classes: number;
  inputShape: [number, number, number];
}

export interface ForwardOutput {
  /** Logits [B, K] of the method's final prediction (the ensemble, for two-branch methods). */
  logits: tf.Tensor2D;
  /** What the loss or the explanations need besides (distances, per-branch logits, feature maps). */
  extras: Record<string, tf.Tensor>;
}

export interface LossTerms {
  total: tf.Scalar;
  /** Named components, logged as metrics: `ce`, `cluster`, `separation`, `l1`, `kd`, … */
  terms: Record<string, tf.Scalar>;
}

/** Where in the schedule a loss is computed, for losses whose terms depend on the phase. */
export interface LossContext {
  epoch: number;
  /** Name of the phase training `epoch` (`TrainingPhase.name`). */
  phase: string;
}

/** Variables whose name starts with `prefix` train with these settings; the rest of the model is frozen. */
export interface ParameterGroup {
  prefix: string;
  learningRate: number;
  weightDecay?: number;
}

/** One stage of a method's schedule (ProtoPNet: warm-up, joint, last-layer). */
export interface TrainingPhase {
  name: string;
  groups: ParameterGroup[];
  /** Learning rates × gamma every `stepEpochs` epochs since the phase began (PyTorch's StepLR). */
  stepDecay?: { stepEpochs: number; gamma: number };
}

export interface ModelContext {
  /** [height, width, channels] of the input images. */
  inputShape: [number, number, number];
  classes: number;
  seed: number;
  /** Class names of the findings task, for methods that declare one (`MethodDataNeeds.findingsTask`). */
  findings?: readonly string[];
  /** The teacher of methods that declare `teacherRun` (loaded for training and for loading a trained run alike). */
  teacher?: TeacherContext;
}

/**
 * A trained model of one method: its variables, forward pass, loss and schedule. The training loop
 * (training/train-loop.ts) owns the optimisers, metrics, checkpoints and progress; the method owns
 * only what is its own — as pytorch-grad-cam's base class owns the plumbing and each CAM its weights.
 */
export interface MethodModel {
  /** Named trainable and state variables; names are stable, so checkpoints restore by name. */
  variables(): Map<string, tf.Variable>;
  forward(batch: MethodBatch, options: { training: boolean }): ForwardOutput;
  /** `context` (passed by the training loop) says which epoch and phase the loss is for; absent elsewhere. */
  loss(batch: MethodBatch, output: ForwardOutput, context?: LossContext): LossTerms;
  /** The phase that trains epoch `epoch` (0-based). */
  phase(epoch: number): TrainingPhase;
  /**
   * Called by the training loop right after each optimiser step (every group of the phase updated),
   * for constraints a gradient step does not keep — EvalProtoPNet re-normalises its prototypes to unit
   * length here. Not called for a step that was not applied (non-finite loss).
   */
  afterStep?(): void;
  /** Work at the end of an epoch that is not a gradient step (ProtoPNet's push and last-layer fit). */
  afterEpoch?(epoch: number, context: AfterEpochContext): Promise<AfterEpochResult | void>;
  /** What explanation methods need beyond the logits; absent for methods that take more than one image (multiview). */
  explain?: ExplainHooks;
  /** The explain hooks of two-view models (`inputs: 'view-pair'`). */
  pairExplain?: PairExplainHooks;
  dispose(): void;
}

/**
 * The model seen by explanation methods (libs/eval/src/explain): split at the layer CAM methods
 * weigh, so a gradient can be taken with respect to that layer (tfjs differentiates with respect to
 * a function's inputs only). Both parts run in inference mode.
 */
export interface ExplainHooks {
  /** The backbone's last feature map [B, h, w, C]. */
  features(images: tf.Tensor4D): tf.Tensor4D;
  /** The rest of the network, differentiable: logits [B, K] from that feature map. */
  logitsFromFeatures(features: tf.Tensor4D): tf.Tensor2D;
  /** Input pixels each feature-map cell sees, for an input of `size`. */
  receptiveField(size: readonly [number, number]): (h: number, w: number) => PixelBox;
  /**
   * The linear classifier on globally average-pooled features, when the logits (or a branch of them)
   * are one: weights [C, K], bias [K]. Class activation maps (HAM) weigh the channels with it. (The
   * `ham` method pools with LSE instead: its head's weights still define its class activation maps.)
   * The caller disposes the returned tensors (as it does those of `classWeights`).
   */
  pooledClassifier?(): { weights: tf.Tensor2D; bias: tf.Tensor1D };
  prototypes?: PrototypeHooks;
  /** Methods whose explanation is one map per finding (HAM's per-disease attention, lesion-linked's lesion maps). */
  findingMaps?: FindingMapHooks;
}

/** A model's own map per finding, at feature resolution. */
export interface FindingMapHooks {
  /** Finding names in map order (the findings task's classes). */
  names: readonly string[];
  /**
   * 'probability': each cell's own presence probability in [0, 1] (kept as it is, so an absent
   * finding shows low everywhere); 'activation': a non-negative attention map, compared after min-max.
   */
  scale: 'probability' | 'activation';
  /** [B, h, w, F] from the feature map `features` gives. */
  maps(features: tf.Tensor4D): tf.Tensor4D;
  /** Each finding's presence logit [B, F] (σ gives its probability), computed from the same features. */
  presence(features: tf.Tensor4D): tf.Tensor2D;
}

/**
 * A two-view model split at its backbone, as `ExplainHooks` for one image: the main view is explained
 * with the other view's feature map held fixed (`libs/eval` binds it), and the cross-attention says,
 * for each main-view cell, where in the other view the model looks.
 */
export interface PairExplainHooks {
  /** One view's feature map [B, h, w, C] (the backbone is shared by the views). */
  features(images: tf.Tensor4D): tf.Tensor4D;
  /** Logits [B, K] from both views' feature maps, differentiable in both. */
  logitsFromFeatures(featuresMain: tf.Tensor4D, featuresAux: tf.Tensor4D): tf.Tensor2D;
  /** Attention weights [B, h·w (main), h·w (other)], averaged over heads; each row sums to 1. */
  crossAttention(featuresMain: tf.Tensor4D, featuresAux: tf.Tensor4D): tf.Tensor3D;
  receptiveField(size: readonly [number, number]): (h: number, w: number) => PixelBox;
}

/** Prototype models: where each prototype matches an image and how much that counts for each class. */
export interface PrototypeHooks {
  /** Similarity of every prototype at every cell [B, h, w, M] (higher is more alike); a prototype's evidence is its map's max. */
  similarityMaps(features: tf.Tensor4D): tf.Tensor4D;
  /** Class of each prototype (length M). */
  classOf: readonly number[];
  /** Whether each prototype is in use (pruned ones are not). */
  active(): boolean[];
  /** [M, K]: how much one unit of prototype j's evidence adds to class k's final logit. */
  classWeights(): tf.Tensor2D;
  /** The latent map the prototypes are compared with [B, h, w, D] (after the add-on), differentiable in `features`. */
  latent?(features: tf.Tensor4D): tf.Tensor4D;
  /** The prototype vectors [M, D] in that latent space (the caller disposes them). */
  vectors?(): tf.Tensor2D;
}

/** What `afterEpoch` may use; it owns (and disposes) the batches it takes. */
export interface AfterEpochContext {
  /** True after the run's last epoch (ProtoPNet pushes there, so a run ends with the pushed model). */
  lastEpoch: boolean;
  /** The training split without augmentation, in a fixed order (for push). */
  trainingImages(): Iterable<MethodBatch>;
  /** The training split as the epoch's optimisation saw it (for extra optimisation passes). */
  trainingBatches(): Iterable<MethodBatch>;
}

/** What an epoch's extra work produced: metrics to log and, after a push, the prototypes' provenance. */
export interface AfterEpochResult {
  metrics?: Record<string, number>;
  prototypes?: PrototypeRecord[];
}

/** A method: its catalogue entry (id, title, inputs, config schema with defaults) and a factory. */
export interface MethodDefinition<Config = unknown> extends MethodEntry<Config> {
  /** What the method needs from the data besides images and primary labels (default: nothing). */
  dataNeeds?(config: Config): MethodDataNeeds;
  create(config: Config, context: ModelContext): MethodModel;
}
