import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { UnknownExplainerError } from './errors';
import { explainableModel } from './explainable-model';
import { createExplainer, explainerIds, type ExplainerId } from './registry';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } } };
const context = { inputShape: [16, 16, 1] as [number, number, number], classes: 3, seed: 7 };

/** Settings that keep every method quick on 16×16 images. */
const quick: Partial<Record<ExplainerId, object>> = {
  mdm: { iterations: 3 },
  rise: { masks: 20 },
  ig: { steps: 4 },
  occlusion: { window: 4, stride: 4 },
};

describe('explainer registry', () => {
  it('lists every method once', () => {
    expect([...explainerIds].sort()).toEqual(['cross-attention', 'finding-maps', 'gradcam', 'gradcampp', 'ham', 'ig', 'layercam', 'mdm', 'occlusion', 'prototypes', 'prp', 'rise']);
  });

  it('rejects an unknown id, listing the known ones', () => {
    const model = { classes: 2, logits: () => tf.zeros([1, 2]) as tf.Tensor2D };
    expect(() => createExplainer('smoothgrad', model)).toThrow(UnknownExplainerError);
    expect(() => createExplainer('smoothgrad', model)).toThrow(/'smoothgrad'.*gradcam, gradcampp, layercam, ham/);
  });

  it.each(explainerIds.filter((id) => id !== 'cross-attention').map((id) => [id]))('builds %s: maps at input size for each image, and no leaked tensors', async (id) => {
    const prototypeMethod = id === 'prototypes' || id === 'prp';
    const method = prototypeMethod ? 'protopnet' : id === 'finding-maps' ? 'lesion-linked' : 'global';
    const config = prototypeMethod ? { ...small, prototypesPerClass: 2, prototypeDepth: 8 } : id === 'finding-maps' ? { ...small, severity: { a: 1, b: 2 } } : small;
    const { model } = createMethodModel(method, config, { ...context, findings: ['a', 'b'] });
    const explainer = createExplainer(id, explainableModel(model, 3, method), quick[id]);
    expect(explainer.id).toBe(id);
    const images = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const heatmaps = await explainer.attribute(images, { target: [0, 2], batchSize: 3, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(heatmaps.maps).toHaveLength(2);
    expect(heatmaps.targets).toEqual([0, 2]);
    expect([heatmaps.height, heatmaps.width]).toEqual([16, 16]);
    for (const map of heatmaps.maps) {
      expect(map).toHaveLength(256);
      expect(map.every(Number.isFinite)).toBe(true);
      if (heatmaps.scale === 'unit') expect(map.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    images.dispose();
    model.dispose();
  });
});
