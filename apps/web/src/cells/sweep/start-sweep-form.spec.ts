import { DEFAULT_SWEEP_FORM, sweepInputOf } from './start-sweep-form';

describe('sweepInputOf', () => {
  const form = { ...DEFAULT_SWEEP_FORM, datasetId: 'tiny', space: '{"learningRate": {"values": [0.001, 0.01]}}' };

  it('sends the epochs and, for random, the budget; ASHA gets its rungs instead of epochs', () => {
    expect(sweepInputOf({ ...form, strategy: 'GRID' })).toEqual({
      method: 'global', datasetId: 'tiny', strategy: 'GRID', space: { learningRate: { values: [0.001, 0.01] } }, maxParallel: 2, metric: 'val/auc', mode: 'MAX', epochs: 10,
    });
    expect(sweepInputOf({ ...form, strategy: 'RANDOM', budget: 5 })).toMatchObject({ epochs: 10, budget: 5 });
    const asha = sweepInputOf({ ...form, strategy: 'ASHA', budget: 9, eta: 3, minEpochs: 1, epochs: 9 });
    expect(asha).toMatchObject({ budget: 9, eta: 3, minEpochs: 1, maxEpochs: 9 });
    expect(asha).not.toHaveProperty('epochs');
  });

  it('names what is wrong', () => {
    expect(() => sweepInputOf({ ...form, space: '{"lr": ' })).toThrow(/^the space is not valid JSON/);
    expect(() => sweepInputOf({ ...form, space: '[1]' })).toThrow('the space must be a JSON object');
    expect(() => sweepInputOf({ ...form, datasetId: '' })).toThrow('choose a dataset');
  });
});
