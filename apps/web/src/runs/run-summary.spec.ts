import { chartedEvaluations, chartMetricKeys, durationText, headlineNumbers, paramRows, sweepIdOf, trialOfRun, valueText } from './run-summary';

describe('the run page data', () => {
  it('lists the flattened config sorted by key, values as text', () => {
    expect(paramRows({ 'optimizer.lr': 0.001, epochs: 10, 'backbone.name': 'resnet18', augment: true, 'head.sizes': [64, 32], 'optimizer.beta': 0.123456 })).toEqual([
      { key: 'augment', value: 'true' },
      { key: 'backbone.name', value: 'resnet18' },
      { key: 'epochs', value: '10' },
      { key: 'head.sizes', value: '[64,32]' },
      { key: 'optimizer.beta', value: '0.1235' },
      { key: 'optimizer.lr', value: '0.001' },
    ]);
    expect(paramRows(null)).toEqual([]);
    expect(paramRows([1, 2])).toEqual([]);
  });

  it('writes values as a person reads them', () => {
    expect(valueText(2 / 3)).toBe('0.6667');
    expect(valueText(1e-7 / 3)).toBe('3.333e-8');
    expect(valueText(42)).toBe('42');
    expect(valueText(null)).toBe('null');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
  });

  it('finds the sweep of a trial run from its sweep:<id> tag', () => {
    expect(sweepIdOf(['demo', 'sweep:3f2a', 'e2e'])).toBe('3f2a');
    expect(sweepIdOf(['demo'])).toBeNull();
    expect(sweepIdOf(['sweep:'])).toBeNull();
  });

  it('finds the run among the sweep trials and says whether it is the best', () => {
    const trials = [
      { index: 0, run: { id: 'a' } },
      { index: 1, run: { id: 'b' } },
    ];
    expect(trialOfRun({ trials, bestTrial: { run: { id: 'b' } } }, 'b')).toEqual({ trial: trials[1], best: true });
    expect(trialOfRun({ trials, bestTrial: { run: { id: 'b' } } }, 'a')).toEqual({ trial: trials[0], best: false });
    expect(trialOfRun({ trials, bestTrial: null }, 'c')).toBeNull();
  });

  it('takes the top-level finite numbers of an evaluation as its headline', () => {
    const report = { task: 'binary', numCases: 30, auc: 0.91, accuracy: 0.8, threshold: null, brier: Number.NaN, classCounts: [15, 15], rocCurve: { fpr: [0], tpr: [0] } };
    expect(headlineNumbers(report)).toEqual([
      { key: 'numCases', value: 30 },
      { key: 'auc', value: 0.91 },
      { key: 'accuracy', value: 0.8 },
    ]);
    expect(headlineNumbers('not a report')).toEqual([]);
  });

  it('says how long a run took', () => {
    expect(durationText('2026-01-01T10:00:00.000Z', '2026-01-01T10:00:05.400Z')).toBe('5 s');
    expect(durationText('2026-01-01T10:00:00.000Z', '2026-01-01T10:03:04.000Z')).toBe('3 min 4 s');
    expect(durationText('2026-01-01T10:00:00.000Z', '2026-01-01T11:02:59.000Z')).toBe('1 h 2 min');
    expect(durationText(null, '2026-01-01T10:00:00.000Z')).toBeNull();
    expect(durationText('2026-01-01T10:00:01.000Z', '2026-01-01T10:00:00.000Z')).toBeNull();
  });

  it('orders chart keys validation first, then test, then the rest, each alphabetically', () => {
    expect(chartMetricKeys(['train/loss', 'val/loss', 'test/auc', 'val/auc', 'lr'])).toEqual(['val/auc', 'val/loss', 'test/auc', 'lr', 'train/loss']);
  });

  it('charts an evaluation by its newest report: curves as ROC/PR, a square matrix as a confusion matrix', () => {
    const evaluation = (id: string, name: string, createdAt: string, metrics: unknown) => ({ id, name, split: 'val', step: 9, createdAt, metrics });
    const curves = { rocCurve: { fpr: [0, 1], tpr: [0, 1] }, prCurve: { recall: [0, 1], precision: [1, 0.5] }, auc: 0.5 };
    const evaluations = [
      evaluation('1', 'classification', '2026-01-01T10:00:00.000Z', { ...curves, confusionMatrix: [[1, 0], [0, 1]] }),
      // The newer report of the same name lost its curves: only its matrix is drawn.
      evaluation('2', 'classification', '2026-01-02T10:00:00.000Z', { confusionMatrix: [[2, 1], [0, 3]] }),
      evaluation('3', 'localization', '2026-01-01T10:00:00.000Z', { pointingGame: 0.7 }),
      evaluation('4', 'ragged', '2026-01-01T10:00:00.000Z', { ...curves, confusionMatrix: [[1, 0, 0], [0, 1, 0]] }),
    ];
    expect(chartedEvaluations(evaluations)).toEqual({ curves: ['ragged'], matrices: ['classification'] });
    expect(chartedEvaluations([])).toEqual({ curves: [], matrices: [] });
  });
});
