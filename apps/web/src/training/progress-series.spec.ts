import { appendProgress } from './progress-series';

describe('appendProgress', () => {
  it('adds new points per key in step order', () => {
    const first = appendProgress({}, [{ key: 'loss', points: [{ step: 2, value: 0.5 }, { step: 1, value: 0.9 }] }]);
    const second = appendProgress(first, [
      { key: 'loss', points: [{ step: 3, value: 0.4 }] },
      { key: 'auc', points: [{ step: 3, value: 0.6 }] },
    ]);
    expect(second).toEqual({
      loss: [
        { step: 1, value: 0.9 },
        { step: 2, value: 0.5 },
        { step: 3, value: 0.4 },
      ],
      auc: [{ step: 3, value: 0.6 }],
    });
    expect(first['loss']).toHaveLength(2);
  });

  it('replaces a repeated step and leaves a gap for a non-finite value', () => {
    const series = appendProgress({ loss: [{ step: 1, value: 1 }, { step: 2, value: 2 }] }, [
      { key: 'loss', points: [{ step: 1, value: 0.5 }, { step: 2, value: null }] },
    ]);
    expect(series).toEqual({ loss: [{ step: 1, value: 0.5 }] });
  });

  it('returns the same object when an event brings no metrics', () => {
    const series = { loss: [{ step: 1, value: 1 }] };
    expect(appendProgress(series, [])).toBe(series);
  });
});
