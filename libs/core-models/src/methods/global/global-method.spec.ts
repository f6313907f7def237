import { initEngine } from '@protoscope/engine';
import { trainLoop } from '../../training/train-loop';
import { accuracy } from '../../training/testing/tiny-method';
import { squaresSource as squares } from '../testing/squares-source';
import { createMethodModel, MethodConfigError } from '../registry';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('global method', () => {
  it('validates its config with documented defaults and rejects unknown keys', () => {
    const { config, model } = createMethodModel('global', {}, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    expect(config).toMatchObject({ backbone: { name: 'small-cnn' }, learningRate: 1e-3, weightDecay: 1e-4 });
    model.dispose();
    expect(() => createMethodModel('global', { learningrate: 1 }, { inputShape: [16, 16, 1], classes: 2, seed: 1 })).toThrow(MethodConfigError);
    expect(() => createMethodModel('nope', {}, { inputShape: [16, 16, 1], classes: 2, seed: 1 })).toThrow(/use one of: global/);
  });

  it('learns to tell images with a bright square from images without', async () => {
    const { model } = createMethodModel(
      'global',
      { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, learningRate: 0.003 },
      { inputShape: [16, 16, 1], classes: 2, seed: 3 },
    );
    const summary = await trainLoop({ model, train: squares(1, 6), val: squares(2, 2), epochs: 6, evaluate: accuracy, selectBy: 'val/accuracy', onEvent: () => undefined });
    expect(summary.final['val/accuracy']).toBeGreaterThanOrEqual(0.9);
    model.dispose();
  }, 60_000);
});
