import { defaultAxes, defaultMetric, differingParams, type AxisRun } from './axes';

const run = (method: string, params: Record<string, unknown>, metrics: Record<string, number | null> = {}): AxisRun => ({ method, params, metrics });

describe('parallel coordinates: default axes', () => {
  // A global run and two ProtoPNet runs: 3 shared keys, 3 keys only ProtoPNet has.
  const runs = [
    run('global', { 'training.epochs': 10, 'training.seed': 1, 'method.learningRate': 1e-3 }, { 'val/auc': 0.99, 'train/loss': 0.2 }),
    run('protopnet', { 'training.epochs': 10, 'training.seed': 2, 'method.prototypeDepth': 64, 'method.warmupEpochs': 1, 'method.learningRates.backbone': 2e-3 }, { 'val/auc': 0.9 }),
    run('protopnet', { 'training.epochs': 10, 'training.seed': 3, 'method.prototypeDepth': 64, 'method.warmupEpochs': 2, 'method.learningRates.backbone': 2e-3 }, { 'val/auc': 0.8 }),
  ];

  it('gives an axis only to params whose values differ between the runs that have them, and to the method when it differs', () => {
    // epochs: same everywhere; prototypeDepth and learningRates.backbone: same in both runs that have them;
    // learningRate: one run only; seed and warmupEpochs differ.
    expect(differingParams(runs)).toEqual(['method.warmupEpochs', 'training.seed']);
    expect(defaultAxes(runs, [])).toEqual({ method: true, params: ['method.warmupEpochs', 'training.seed'] });
    expect(defaultAxes(runs.slice(1), [])).toEqual({ method: false, params: ['method.warmupEpochs', 'training.seed'] });
  });

  it('keeps the params a spec names', () => {
    expect(defaultAxes(runs, ['training.epochs'])).toEqual({ method: false, params: ['training.epochs'] });
  });

  it('plots val/auc unless another metric is asked for, else the first metric key', () => {
    expect(defaultMetric(runs, '')).toBe('val/auc');
    expect(defaultMetric(runs, 'train/loss')).toBe('train/loss');
    expect(defaultMetric([run('global', {}, { 'train/loss': 1, 'train/acc': 0.5 })], '')).toBe('train/acc');
    expect(defaultMetric([], '')).toBe('');
  });

  it('compares values as canonical JSON and ignores null', () => {
    expect(differingParams([run('a', { x: { b: 1, a: 2 }, y: null }), run('a', { x: { a: 2, b: 1 }, y: 3 })])).toEqual([]);
  });
});
