import * as tf from '@tensorflow/tfjs-core';
import type { PreparedSample } from '@protoscope/datasets/tensors';
import { initEngine } from '@protoscope/engine';
import { findingSource, findingTargets } from './finding-targets';

beforeAll(async () => {
  await initEngine({ backend: 'cpu', log: () => undefined });
});

const sample = (labels: Array<0 | 1 | null>, lesions: Array<{ kind: string; box?: { x: number; y: number; width: number; height: number } }>): PreparedSample =>
  ({
    record: { id: 'x', labels: { findings: labels }, lesions: lesions.map((l, i) => ({ id: `l${i}`, kind: l.kind })) },
    image: undefined,
    lesionBoxes: lesions.map((l) => l.box),
  }) as unknown as PreparedSample;

describe('finding targets', () => {
  const tasks = { findings: { kind: 'multi-label' as const, classes: ['a', 'b'] }, grade: { kind: 'ordinal' as const, classes: ['0', '1'] } };

  it('fills presence, known and each finding’s boxes (pixels whose centre is inside)', () => {
    const source = findingSource(tasks, 'findings', true, 'data');
    const out = findingTargets([sample([1, null], [{ kind: 'a', box: { x: 0.6, y: 0, width: 2, height: 1.2 } }, { kind: 'b' }]), sample([0, 0], [])], source, 3, 4);
    expect(out.findings!.arraySync()).toEqual([[1, 0], [0, 0]]);
    expect(out.findingKnown!.arraySync()).toEqual([[1, 0], [1, 1]]);
    expect(out.findingBoxKnown!.arraySync()).toEqual([[1, 0], [0, 0]]);
    // Box x ∈ [0.6, 2.6), y ∈ [0, 1.2): centres (1.5, 0.5), (2.5, 0.5) only.
    const a = (out.findingBoxes!.arraySync() as number[][][][])[0]!.map((row) => row.map((cell) => cell[0]));
    expect(a).toEqual([[0, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(tf.sum(out.findingBoxes!).dataSync()[0]).toBe(2);
  });

  it('names a missing or non-multi-label findings task', () => {
    expect(() => findingSource(tasks, 'lesions', false, 'data')).toThrow("data: the method needs a multi-label findings task 'lesions' (tasks: findings, grade)");
    expect(() => findingSource(tasks, 'grade', false, 'data')).toThrow("data: task 'grade' is ordinal; the method's findings task must be multi-label");
  });
});
