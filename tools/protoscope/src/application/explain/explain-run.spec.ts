import { energyInside, targetsFor, unitScaled } from './explain-run';

describe('explain helpers', () => {
  const size = { height: 2, width: 2 };
  const region = Uint8Array.from([1, 0, 0, 0]);

  it('gives the share of a map’s mass inside the region, and null for an all-zero map', () => {
    expect(energyInside(Float32Array.from([3, 1, 0, 0]), region, size)).toBeCloseTo(0.75, 12);
    expect(energyInside(new Float32Array(4), region, size)).toBeNull();
  });

  it('shows signed attributions by their positive part scaled to [0, 1]', () => {
    expect(Array.from(unitScaled(Float32Array.from([-2, 0, 1, 4])))).toEqual([0, 0, 0.25, 1]);
    expect(Array.from(unitScaled(Float32Array.from([-1, -3])))).toEqual([0, 0]);
  });

  it('explains the predicted class, the ground truth, or one class for all, and refuses a class the model lacks', () => {
    const items = [{ id: 'a', label: 2 }, { id: 'b', label: 0 }];
    const predictions = { probabilities: [], predicted: [1, 0] };
    expect(targetsFor('predicted', items, predictions, 3)).toEqual([1, 0]);
    expect(targetsFor('label', items, predictions, 3)).toEqual([2, 0]);
    expect(targetsFor(1, items, predictions, 3)).toEqual([1, 1]);
    expect(() => targetsFor(3, items, predictions, 3)).toThrow(/not a class index \(0–2\)/);
  });
});
