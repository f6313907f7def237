import { DatasetOptionError } from '../errors';
import type { ImageRecord } from '../manifest/schema';
import { SeededRandom } from '../random/seeded-random';

/** Target fractions of images per split, e.g. { train: 0.7, val: 0.15, test: 0.15 }. */
export type SplitFractions = Record<string, number>;

function groupByPatient<T extends Pick<ImageRecord, 'patientId'>>(records: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const list = groups.get(record.patientId);
    if (list) list.push(record);
    else groups.set(record.patientId, [record]);
  }
  return groups;
}

/**
 * Assigns a split to every record so that all images of a patient land in the same split and the
 * image counts approach the fractions. Patients are visited in a seeded random order and each goes
 * to the split furthest below its target; the same seed and records give the same assignment.
 */
export function assignPatientGroupedSplits<T extends Pick<ImageRecord, 'patientId' | 'split'>>(
  records: readonly T[],
  fractions: SplitFractions,
  seed: number,
): T[] {
  const names = Object.keys(fractions);
  const total = names.reduce((sum, name) => sum + (fractions[name] ?? 0), 0);
  if (names.length === 0 || !(total > 0) || names.some((n) => (fractions[n] ?? 0) < 0)) {
    throw new DatasetOptionError(`split fractions must be non-negative and sum to more than 0, got ${JSON.stringify(fractions)}`);
  }
  const groups = groupByPatient(records);
  const patients = new SeededRandom(seed).shuffle([...groups.keys()].sort());
  const counts = new Map(names.map((n) => [n, 0]));
  const assigned = new Map<string, string>();
  let placed = 0;
  for (const patient of patients) {
    const size = groups.get(patient)!.length;
    let best = names[0]!;
    let bestDeficit = -Infinity;
    for (const name of names) {
      const target = ((fractions[name] ?? 0) / total) * (placed + size);
      const deficit = target - counts.get(name)!;
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = name;
      }
    }
    assigned.set(patient, best);
    counts.set(best, counts.get(best)! + size);
    placed += size;
  }
  return records.map((record) => ({ ...record, split: assigned.get(record.patientId) }));
}

/** Moves about `fraction` of the images of split `from` (whole patients at a time) into split `to`. */
export function splitOffPatients<T extends Pick<ImageRecord, 'patientId' | 'split'>>(
  records: readonly T[],
  options: { from: string; to: string; fraction: number; seed: number },
): T[] {
  if (!(options.fraction >= 0 && options.fraction < 1)) {
    throw new DatasetOptionError(`fraction must be in [0, 1), got ${options.fraction}`);
  }
  const pool = records.filter((r) => r.split === options.from);
  const reassigned = assignPatientGroupedSplits(pool, { [options.from]: 1 - options.fraction, [options.to]: options.fraction }, options.seed);
  const byPatient = new Map(reassigned.map((r) => [r.patientId, r.split]));
  return records.map((r) => (r.split === options.from ? { ...r, split: byPatient.get(r.patientId) } : r));
}

/** Patients whose images sit in more than one split (should be none). */
export function findPatientLeaks(records: readonly Pick<ImageRecord, 'patientId' | 'split'>[]): Map<string, string[]> {
  const splits = new Map<string, Set<string>>();
  for (const r of records) {
    const set = splits.get(r.patientId) ?? new Set<string>();
    set.add(r.split ?? '(none)');
    splits.set(r.patientId, set);
  }
  const leaks = new Map<string, string[]>();
  for (const [patient, set] of splits) if (set.size > 1) leaks.set(patient, [...set].sort());
  return leaks;
}

/** Held-out-ness: a patient seen in several splits goes to the most held-out one. */
const SPLIT_PRIORITY = ['test', 'val', 'train'];

export interface GroupingRepair {
  patientId: string;
  foundIn: string[];
  movedTo: string;
}

/**
 * Source datasets sometimes list a patient in both train and test (e.g. across CBIS-DDSM's mass and
 * calc files). This moves all of such a patient's images to the most held-out split among those it
 * appeared in (test, then val, then train) and says what it moved.
 */
export function enforcePatientGrouping<T extends Pick<ImageRecord, 'patientId' | 'split'>>(
  records: readonly T[],
): { records: T[]; repairs: GroupingRepair[] } {
  const leaks = findPatientLeaks(records);
  const repairs: GroupingRepair[] = [];
  const target = new Map<string, string>();
  for (const [patientId, foundIn] of leaks) {
    const ranked = [...foundIn].sort((a, b) => rank(a) - rank(b));
    const movedTo = ranked[0]!;
    target.set(patientId, movedTo);
    repairs.push({ patientId, foundIn, movedTo });
  }
  return {
    records: records.map((r) => (target.has(r.patientId) ? { ...r, split: target.get(r.patientId) } : r)),
    repairs,
  };
}

function rank(split: string): number {
  const i = SPLIT_PRIORITY.indexOf(split);
  return i === -1 ? SPLIT_PRIORITY.length : i;
}
