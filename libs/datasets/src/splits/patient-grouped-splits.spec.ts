import { assignPatientGroupedSplits, enforcePatientGrouping, findPatientLeaks, splitOffPatients } from './patient-grouped-splits';

const records = Array.from({ length: 300 }, (_, i) => ({ id: `img-${i}`, patientId: `p-${Math.floor(i / (1 + (i % 4)))}`, split: undefined as string | undefined }));

describe('patient-grouped splits', () => {
  it('never puts a patient in two splits and approaches the fractions', () => {
    const out = assignPatientGroupedSplits(records, { train: 0.7, val: 0.15, test: 0.15 }, 3);
    expect(findPatientLeaks(out).size).toBe(0);
    const count = (s: string) => out.filter((r) => r.split === s).length;
    expect(count('train') / out.length).toBeCloseTo(0.7, 1);
    expect(count('test') / out.length).toBeCloseTo(0.15, 1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = assignPatientGroupedSplits(records, { train: 0.5, test: 0.5 }, 1).map((r) => r.split);
    expect(assignPatientGroupedSplits(records, { train: 0.5, test: 0.5 }, 1).map((r) => r.split)).toEqual(a);
    expect(assignPatientGroupedSplits(records, { train: 0.5, test: 0.5 }, 2).map((r) => r.split)).not.toEqual(a);
  });

  it('moves a patient seen in train and test entirely to test, and splits off val by patient', () => {
    const mixed = [
      { patientId: 'a', split: 'train' },
      { patientId: 'a', split: 'test' },
      { patientId: 'b', split: 'train' },
    ];
    const { records: fixed, repairs } = enforcePatientGrouping(mixed);
    expect(fixed.map((r) => r.split)).toEqual(['test', 'test', 'train']);
    expect(repairs).toEqual([{ patientId: 'a', foundIn: ['test', 'train'], movedTo: 'test' }]);
    const withVal = splitOffPatients(assignPatientGroupedSplits(records, { train: 1 }, 0), { from: 'train', to: 'val', fraction: 0.2, seed: 0 });
    expect(findPatientLeaks(withVal).size).toBe(0);
    expect(withVal.filter((r) => r.split === 'val').length / withVal.length).toBeCloseTo(0.2, 1);
  });
});
