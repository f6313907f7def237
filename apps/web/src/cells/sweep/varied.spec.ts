import { sweepDimensions, variedParameters } from './varied';

describe('variedParameters', () => {
  const trials = [
    { params: { learningRate: 0.001, optimizer: 'adam', widths: [4, 8], dropout: 0.1 }, value: 0.7 },
    { params: { learningRate: 0.01, optimizer: 'adam', widths: [4, 8], dropout: 0.1 }, value: 0.8 },
    { params: { learningRate: 0.1, optimizer: 'adam', widths: [8, 8], dropout: 0.1 }, value: null },
  ];

  it('keeps only the params with two or more distinct values, in the space order', () => {
    // optimizer and dropout are the same in every trial; widths differ as arrays.
    expect(variedParameters(['optimizer', 'widths', 'dropout', 'learningRate'], trials)).toEqual(['widths', 'learningRate']);
  });

  it('counts a param some trials lack as varied, and nothing as varied for one trial', () => {
    expect(variedParameters(['extra'], [{ params: { extra: 1 }, value: 1 }, { params: {}, value: 1 }])).toEqual(['extra']);
    expect(variedParameters(['learningRate'], trials.slice(0, 1))).toEqual([]);
  });

  it('plots the varied params then the metric, a trial without a value as NaN', () => {
    const dims = sweepDimensions(['optimizer', 'widths', 'learningRate'], trials, 'val/auc');
    expect(dims.map((d) => d.label)).toEqual(['widths', 'learningRate', 'val/auc']);
    expect(dims[0]).toEqual({ label: 'widths', values: [0, 0, 1], tickvals: [0, 1], ticktext: ['[4,8]', '[8,8]'] });
    expect(dims[1].values).toEqual([0.001, 0.01, 0.1]);
    expect(dims[2].values).toEqual([0.7, 0.8, Number.NaN]);
  });
});
