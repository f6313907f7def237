import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { trainLoop } from '../../training/train-loop';
import type { ModelContext, TeacherContext } from '../method';
import { createMethodModel, MethodConfigError, methodDataNeeds } from '../registry';
import { squaresSource } from '../testing/squares-source';
import type { ProcKdModel } from './proc-kd-method';
import { cellCosines, logitDistillation, meanKl, prototypeLoss, softAssignment } from './prototype-distillation';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const value = (t: tf.Tensor) => Array.from(t.dataSync());
const small = { name: 'small-cnn', options: { widths: [8, 16] } };
const inputShape: [number, number, number] = [16, 16, 1];

/** A (randomly initialised) `global` model over 3 classes as the teacher: another label space than the student's 2. */
function teacher(shape = inputShape): TeacherContext {
  const { model } = createMethodModel('global', { backbone: { name: 'small-cnn', options: { widths: [8, 12] } } }, { inputShape: shape, classes: 3, seed: 9 });
  return { runId: 'teacher-run', model, classes: 3, inputShape: shape };
}

function student(config: object = {}, context: Partial<ModelContext> = {}): ProcKdModel {
  return createMethodModel('proc-kd', { backbone: small, teacher: 'teacher-run', prototypes: 4, ...config }, { inputShape, classes: 2, seed: 3, teacher: teacher(), ...context }).model as ProcKdModel;
}

describe('proc-kd losses, by hand', () => {
  it('cosines of cells with prototypes', () => {
    expect(value(cellCosines(tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 0], [0, 2]])))).toEqual([0.6, 0.8].map((v) => expect.closeTo(v, 6)));
  });

  it('soft assignment = softmax(cos / τ)', () => {
    const e = Math.E;
    expect(value(softAssignment(tf.tensor2d([[0.1, 0]]), 0.1))).toEqual([e / (e + 1), 1 / (e + 1)].map((v) => expect.closeTo(v, 6)));
  });

  it('prototype loss = Σ_m a_m (2 − 2 cos_m), i.e. the assigned squared distance of unit vectors', () => {
    // A cell on prototype 0 (cos 1, distance 0) and orthogonal to prototype 1 (cos 0, distance² 2), half assigned to each.
    expect(value(prototypeLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]])))[0]).toBeCloseTo(1, 6);
  });

  it('KL(teacher ‖ student) of assignments', () => {
    const kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
    expect(value(meanKl(tf.tensor2d([[0.5, 0.5]]), tf.log(tf.tensor2d([[0.25, 0.75]])) as tf.Tensor2D))[0]).toBeCloseTo(kl, 6);
  });

  it('logit distillation = τ²·KL(softmax(t/τ) ‖ softmax(s/τ))', () => {
    // τ = 2: teacher [0, 0] → [0.5, 0.5]; student [0, 2 ln 3] → softmax([0, ln 3]) = [0.25, 0.75].
    const kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
    expect(value(logitDistillation(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 2 * Math.log(3)]]), 2))[0]).toBeCloseTo(4 * kl, 5);
  });
});

describe('proc-kd model', () => {
  it('asks for its teacher run, and refuses a config without one in one line', () => {
    expect(methodDataNeeds('proc-kd', { teacher: 'abc123' })).toEqual({ teacherRun: 'abc123' });
    expect(() => methodDataNeeds('proc-kd', {})).toThrow(MethodConfigError);
    expect(() => methodDataNeeds('proc-kd', {})).toThrow(/proc-kd needs a teacher run: --config '\{"teacher": "<run id>"\}'/);
  });

  it('refuses a missing teacher model and a teacher of another input shape', () => {
    expect(() => student({}, { teacher: undefined })).toThrow('proc-kd: the model of teacher run teacher-run was not loaded');
    const other = teacher([20, 20, 1]);
    expect(() => student({}, { teacher: other })).toThrow('teacher run teacher-run takes images of 20×20×1, the student 16×16×1');
    other.model.dispose();
  });

  it('logits rebuilt from its explain hooks: prototype mixture of the projected cells, gated, added, pooled, classified', () => {
    const model = student();
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const logits = model.forward({ images, labels: tf.tensor1d([0, 1], 'int32') }, { training: false }).logits.arraySync();
    const features = model.explain.features(images);
    expect(model.explain.logitsFromFeatures(features).arraySync().flat()).toEqual(logits.flat().map((v) => expect.closeTo(v, 5)));
    // Independently, in plain arithmetic from the stored weights.
    const get = (name: string) => model.params.get(name).arraySync() as number[][] & number[];
    const linear = (x: number[], w: number[][], b: number[]) => b.map((bias, o) => bias + x.reduce((s, v, i) => s + v * w[i]![o]!, 0));
    const unit = (x: number[]) => x.map((v) => v / Math.hypot(...x));
    const P = (get('head/prototypes') as number[][]).map(unit);
    (features.arraySync() as number[][][][]).forEach((image, b) => {
      const cells = image.flat();
      const c = cells[0]!.length;
      const pooled = (rows: number[][]) => rows[0]!.map((_, k) => rows.reduce((s, r) => s + r[k]!, 0) / rows.length);
      const gate = linear(pooled(cells), get('head/gate/weight'), get('head/gate/bias')).map((v) => 1 / (1 + Math.exp(-v)));
      const augmented = cells.map((cell) => {
        const v = unit(linear(cell, get('head/toTeacher/weight'), get('head/toTeacher/bias')));
        const scores = P.map((p) => Math.exp(p.reduce((s, x, i) => s + x * v[i]!, 0) / 0.1));
        const total = scores.reduce((a, s) => a + s, 0);
        const mixture = P[0]!.map((_, i) => P.reduce((s, p, m) => s + (scores[m]! / total) * p[i]!, 0));
        const delta = linear(mixture, get('head/augment/weight'), get('head/augment/bias'));
        return cell.map((x, k) => x + gate[k]! * delta[k]!);
      });
      expect(augmented[0]).toHaveLength(c);
      const expected = linear(pooled(augmented), get('head/classifier/weight'), get('head/classifier/bias'));
      expect(logits[b]).toEqual(expected.map((v) => expect.closeTo(v, 4)));
    });
    model.dispose();
  });

  it('logit mode: a pooled linear classifier, and a second head over the teacher’s classes', () => {
    const model = student({ distillation: 'logit' });
    expect(model.params.get('head/teacherClasses/weight').shape).toEqual([16, 3]);
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const features = model.explain.features(images);
    const { weights, bias } = model.explain.pooledClassifier!();
    const expected = tf.add(tf.matMul(tf.mean(features, [1, 2]) as tf.Tensor2D, weights), bias);
    expect(value(model.explain.logitsFromFeatures(features))).toEqual(value(expected).map((v) => expect.closeTo(v, 5)));
    model.dispose();
  });

  it.each(['prototype', 'logit'])('trains in %s mode through the real loop without touching the teacher or leaking tensors', async (distillation) => {
    const model = student({ distillation });
    const teacherBefore = [...model.context.teacher!.model.variables().values()].map((v) => value(v));
    const source = squaresSource(5, 3);
    const before = tf.memory().numTensors;
    const epochs: Record<string, number>[] = [];
    await trainLoop({ model, train: source, unaugmentedTrain: source, epochs: 4, evaluate: () => ({}), onEvent: (e) => void (e.kind === 'metrics' && epochs.push(e.values)) });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect([...model.context.teacher!.model.variables().values()].map((v) => value(v))).toEqual(teacherBefore);
    const terms = distillation === 'prototype' ? ['ce', 'prototype', 'align'] : ['ce', 'kd'];
    for (const t of terms) expect(epochs.at(-1)![`train/${t}`]!).toBeLessThan(epochs[0]![`train/${t}`]!);
    model.dispose();
   }, 60_000);
});
