import type { ImageRecord } from '../manifest/schema';
import { countUnpaired, pairExamples, pairViews, ViewPairingError } from './view-pairs';

const record = (id: string, fields: Partial<ImageRecord>): ImageRecord => ({
  id,
  image: { kind: 'file', path: `${id}.png`, format: 'png' },
  width: 8,
  height: 8,
  channels: 1,
  patientId: 'p',
  labels: { pathology: 0 },
  ...fields,
});

/** A hand-built manifest: 3 complete breasts, and one record for each way of being left out. */
const records: ImageRecord[] = [
  record('p1-L-CC', { patientId: 'p1', studyId: 's1', laterality: 'L', view: 'CC', labels: { pathology: 2 } }),
  record('p1-R-MLO', { patientId: 'p1', studyId: 's1', laterality: 'R', view: 'MLO', labels: { pathology: 0 } }),
  record('p1-L-MLO', { patientId: 'p1', studyId: 's1', laterality: 'L', view: 'MLO', labels: { pathology: 2 } }),
  record('p1-R-CC', { patientId: 'p1', studyId: 's1', laterality: 'R', view: 'CC', labels: { pathology: 0 } }),
  // Same patient and side, another exam: its own breast key, and its CC has no MLO.
  record('p1-L-CC-2019', { patientId: 'p1', studyId: 's0', laterality: 'L', view: 'CC', labels: { pathology: 0 } }),
  // No studyId: grouped by patient and laterality.
  record('p2-R-MLO', { patientId: 'p2', laterality: 'R', view: 'MLO', labels: { pathology: 1 } }),
  record('p2-R-CC', { patientId: 'p2', laterality: 'R', view: 'CC', labels: { pathology: 1 } }),
  record('p3-L-ML', { patientId: 'p3', laterality: 'L', view: 'ML' }),
  record('p3-L-CC', { patientId: 'p3', view: 'CC' }),
  record('p4-none', { patientId: 'p4' }),
  // Views disagree on the label: the breast has no one label.
  record('p5-L-CC', { patientId: 'p5', laterality: 'L', view: 'CC', labels: { pathology: 1 } }),
  record('p5-L-MLO', { patientId: 'p5', laterality: 'L', view: 'MLO', labels: { pathology: 2 } }),
];

describe('pairViews', () => {
  it('pairs CC with MLO of the same patient, study and side, and says why each other image is left out', () => {
    const { pairs, unpaired } = pairViews(records, { task: 'pathology' });
    expect(pairs.map((p) => [p.cc.id, p.mlo.id])).toEqual([
      ['p1-L-CC', 'p1-L-MLO'],
      ['p1-R-CC', 'p1-R-MLO'],
      ['p2-R-CC', 'p2-R-MLO'],
    ]);
    expect(unpaired.map((u) => [u.record.id, u.reason])).toEqual([
      ['p1-L-CC-2019', 'no-partner'],
      ['p3-L-ML', 'other-view'],
      ['p3-L-CC', 'no-laterality'],
      ['p4-none', 'no-view'],
      ['p5-L-CC', 'label-conflict'],
      ['p5-L-MLO', 'label-conflict'],
    ]);
    expect(countUnpaired(unpaired)).toEqual({ 'no-partner': 1, 'other-view': 1, 'no-laterality': 1, 'no-view': 1, 'label-conflict': 2 });
  });

  it('pairs the label-conflicting breast when no task is given', () => {
    const { pairs } = pairViews(records);
    expect(pairs.map((p) => p.cc.id)).toContain('p5-L-CC');
  });

  it('pairs several images of one view in id order and leaves the surplus out', () => {
    const breast = { patientId: 'p', studyId: 's', laterality: 'L' as const };
    const { pairs, unpaired } = pairViews([
      record('mass-CC', { ...breast, view: 'CC' }),
      record('calc-MLO', { ...breast, view: 'MLO' }),
      record('extra-CC', { ...breast, view: 'CC' }),
      record('calc-CC', { ...breast, view: 'CC' }),
      record('mass-MLO', { ...breast, view: 'MLO' }),
    ]);
    expect(pairs.map((p) => [p.cc.id, p.mlo.id])).toEqual([
      ['calc-CC', 'calc-MLO'],
      ['extra-CC', 'mass-MLO'],
    ]);
    expect(unpaired.map((u) => [u.record.id, u.reason])).toEqual([['mass-CC', 'no-partner']]);
  });

  it('makes two examples per pair, each view once as main with the other as auxiliary', () => {
    const { pairs } = pairViews(records, { task: 'pathology' });
    expect(pairExamples(pairs.slice(0, 2)).map((e) => [e.main.id, e.auxiliary.id])).toEqual([
      ['p1-L-CC', 'p1-L-MLO'],
      ['p1-L-MLO', 'p1-L-CC'],
      ['p1-R-CC', 'p1-R-MLO'],
      ['p1-R-MLO', 'p1-R-CC'],
    ]);
  });

  it('names the problem when the dataset has no views or no pairs', () => {
    const noViews = [record('a', {}), record('b', { patientId: 'q' })];
    expect(() => pairViews(noViews, { label: "split 'train'" })).toThrow(ViewPairingError);
    expect(() => pairViews(noViews, { label: "split 'train'" })).toThrow(/^split 'train': none of its 2 images has a view \(CC\/MLO\)/);
    const onlyCC = [record('a', { view: 'CC', laterality: 'L' }), record('b', { view: 'CC', laterality: 'R' }), record('c', { view: 'MLO' })];
    expect(() => pairViews(onlyCC)).toThrow(/no breast has both a CC and an MLO image.*3 images left out \(1 no-laterality, 2 no-partner\)/);
  });
});
