import { DatasetError } from '../errors';
import type { ImageRecord } from '../manifest/schema';

/**
 * Pairing of the two ipsilateral mammography views (CC and MLO) of one breast, for multi-view
 * methods. It lives here, with the manifest, because it is a question about records — which fields
 * identify a breast and a view — and not about tensors; turning pairs into batches is the training
 * library's business.
 *
 * A breast is (patientId, studyId, laterality): the same patient's left and right breasts are two
 * breasts, and two exams (studies) of one breast are not mixed. Readers fill these fields
 * (mammo-two-view: studyId = the case; CBIS-DDSM: studyId = patient + side; VinDr-Mammo: the study).
 * Records without a studyId are grouped by patient and laterality only.
 */

/** The two views of one breast, with the label both carry. */
export interface ViewPair {
  /** The breast's key: patient, study and laterality. */
  breast: string;
  cc: ImageRecord;
  mlo: ImageRecord;
}

/** Why a record was left out of every pair. */
export type UnpairedReason =
  /** The record has no `view`. */
  | 'no-view'
  /** A view other than CC and MLO (ML, LM, XCCL, …): only CC/MLO pairs are made. */
  | 'other-view'
  /** CC or MLO without `laterality`: the breast is unknown. */
  | 'no-laterality'
  /** Its breast has no image of the other view left to pair it with. */
  | 'no-partner'
  /** CC and MLO of the breast carry different labels for the task, so the breast has no one label. */
  | 'label-conflict';

/** Every reason, in the order counts are reported. */
export const UNPAIRED_REASONS: readonly UnpairedReason[] = ['no-view', 'other-view', 'no-laterality', 'no-partner', 'label-conflict'];

export interface ViewPairing {
  pairs: ViewPair[];
  /** Records left out, in input order, each with its reason. */
  unpaired: { record: ImageRecord; reason: UnpairedReason }[];
}

export interface PairViewsOptions {
  /** When given, a breast whose CC and MLO have different labels for this task is left out. */
  task?: string;
  /** Names the record set in error messages, e.g. "split 'train' of /data/mammo". */
  label?: string;
}

/** A dataset (or split) from which no CC/MLO pair can be made. */
export class ViewPairingError extends DatasetError {
  override name = 'ViewPairingError';
}

const breastKey = (r: ImageRecord) => JSON.stringify([r.patientId, r.studyId ?? null, r.laterality]);

/**
 * Groups records into CC/MLO pairs of the same breast, in order of each breast's first record. When a
 * breast has several images of one view (CBIS-DDSM lists an image once per abnormality type), CCs and
 * MLOs are each sorted by id and paired in that order; the surplus is unpaired ('no-partner').
 * Throws ViewPairingError when no record has a view, or when no pair can be made.
 */
export function pairViews(records: readonly ImageRecord[], options: PairViewsOptions = {}): ViewPairing {
  const where = options.label ?? 'the dataset';
  if (!records.some((r) => r.view !== undefined)) {
    throw new ViewPairingError(
      `${where}: none of its ${records.length} images has a view (CC/MLO), so no two views of a breast can be paired. ` +
        'A multi-view method needs a manifest with each image\'s view and laterality: generate mammo-two-view, import cbis-ddsm or vindr-mammo, ' +
        "or import a folder whose labels.csv has 'view', 'laterality' and 'patient_id' columns.",
    );
  }
  const unpaired: ViewPairing['unpaired'] = [];
  const breasts = new Map<string, { cc: ImageRecord[]; mlo: ImageRecord[] }>();
  for (const record of records) {
    if (record.view === undefined) unpaired.push({ record, reason: 'no-view' });
    else if (record.view !== 'CC' && record.view !== 'MLO') unpaired.push({ record, reason: 'other-view' });
    else if (record.laterality === undefined) unpaired.push({ record, reason: 'no-laterality' });
    else {
      const key = breastKey(record);
      let views = breasts.get(key);
      if (!views) breasts.set(key, (views = { cc: [], mlo: [] }));
      (record.view === 'CC' ? views.cc : views.mlo).push(record);
    }
  }
  const pairs: ViewPair[] = [];
  const byId = (a: ImageRecord, b: ImageRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const [breast, views] of breasts) {
    const cc = [...views.cc].sort(byId);
    const mlo = [...views.mlo].sort(byId);
    const n = Math.min(cc.length, mlo.length);
    for (let i = 0; i < n; i++) {
      const pair = { breast, cc: cc[i]!, mlo: mlo[i]! };
      if (options.task !== undefined && JSON.stringify(pair.cc.labels[options.task]) !== JSON.stringify(pair.mlo.labels[options.task])) {
        unpaired.push({ record: pair.cc, reason: 'label-conflict' }, { record: pair.mlo, reason: 'label-conflict' });
      } else {
        pairs.push(pair);
      }
    }
    for (const record of [...cc.slice(n), ...mlo.slice(n)]) unpaired.push({ record, reason: 'no-partner' });
  }
  if (pairs.length === 0) {
    throw new ViewPairingError(
      `${where}: no breast has both a CC and an MLO image (same patientId, studyId and laterality) to pair; ` +
        `${describeUnpaired(unpaired)}. Check that both views of each breast are in the same split and share patient_id, study_id and laterality.`,
    );
  }
  const order = new Map(records.map((r, i) => [r, i]));
  unpaired.sort((a, b) => order.get(a.record)! - order.get(b.record)!);
  return { pairs, unpaired };
}

/** Counts of unpaired records by reason, e.g. `{ 'no-partner': 3 }`. */
export function countUnpaired(unpaired: ViewPairing['unpaired']): Partial<Record<UnpairedReason, number>> {
  const counts: Partial<Record<UnpairedReason, number>> = {};
  for (const reason of UNPAIRED_REASONS) {
    const n = unpaired.filter((u) => u.reason === reason).length;
    if (n > 0) counts[reason] = n;
  }
  return counts;
}

/** "5 images left out (3 no-partner, 2 no-laterality)", or "no image left out". */
export function describeUnpaired(unpaired: ViewPairing['unpaired']): string {
  if (unpaired.length === 0) return 'no image left out';
  const parts = Object.entries(countUnpaired(unpaired)).map(([reason, n]) => `${n} ${reason}`);
  return `${unpaired.length} image${unpaired.length === 1 ? '' : 's'} left out (${parts.join(', ')})`;
}

/** One training example of a multi-view method: the main view and the other view of its breast. */
export interface PairExample {
  main: ImageRecord;
  auxiliary: ImageRecord;
}

/**
 * Two examples per pair — CC as main with MLO as auxiliary, then MLO as main with CC as auxiliary —
 * as the multi-view method trains on each view of a breast in turn. Both carry the breast's label.
 */
export function pairExamples(pairs: readonly ViewPair[]): PairExample[] {
  return pairs.flatMap((p) => [
    { main: p.cc, auxiliary: p.mlo },
    { main: p.mlo, auxiliary: p.cc },
  ]);
}
