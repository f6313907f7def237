import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, DatasetInputError, ImportFailedError, MaskSizeMismatchError, MissingImageError } from '../errors';
import { decodeMaskFile } from '../image/decode-image-file';
import { imageFormatFromName } from '../image/image-format';
import { probeImage } from '../image/probe-image';
import { writeDatasetAtomically } from '../io/atomic-dataset-dir';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type DatasetManifest, type ImageRecord, type Lesion } from '../manifest/schema';
import { validateManifest, writeManifest } from '../manifest/manifest-file';
import { enforcePatientGrouping, splitOffPatients, type GroupingRepair } from '../splits/patient-grouped-splits';
import type { DraftRecord } from './dataset-reader';
import { getReader } from './reader-registry';

export const IMPORT_REPORT_FILE_NAME = 'import-report.json';

export interface ImportOptions {
  out: string;
  /** Write the good records and a report of the bad ones instead of stopping. */
  skipBad?: boolean;
  /** Reader-specific options (see each reader's `options`). */
  readerOptions?: Record<string, string | undefined>;
  /** Move this fraction of the training patients into a 'val' split (seeded). */
  valFraction?: number;
  seed?: number;
  /** Measure lesion boxes and centroids from masks that have none (decodes every mask). Default true. */
  measureMasks?: boolean;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ImportReport {
  format: string;
  inputPath: string;
  outDir: string;
  imported: number;
  skipped: ReturnType<DatasetInputError['toJSON']>[];
  groupingRepairs: GroupingRepair[];
}

function checkMask(record: DraftRecord & { width: number; height: number }, lesion: Lesion, dataRoot: string, measure: boolean): Lesion {
  if (!lesion.mask) return lesion;
  const where = { file: record.origin?.file ?? record.id, row: record.origin?.row };
  const file = path.resolve(dataRoot, lesion.mask.path);
  if (!fs.existsSync(file)) throw new MissingImageError(where, lesion.mask.path);
  const format = imageFormatFromName(file) ?? 'png';
  const size = probeImage(file, format, lesion.mask.path);
  if (size.width !== record.width || size.height !== record.height) {
    throw new MaskSizeMismatchError(where, lesion.mask.path, size, record);
  }
  if (!measure || (lesion.box && lesion.centroid)) return lesion;
  const map = decodeMaskFile(file, lesion.mask.path);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, sx = 0, sy = 0, n = 0;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      const v = map.data[y * map.width + x]!;
      if (lesion.mask.value === undefined ? v === 0 : v !== lesion.mask.value) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      sx += x + 0.5;
      sy += y + 0.5;
      n++;
    }
  }
  if (n === 0) throw new DatasetInputError(where, `mask '${lesion.mask.path}' is empty`);
  return {
    ...lesion,
    box: lesion.box ?? { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 },
    centroid: lesion.centroid ?? { x: sx / n, y: sy / n },
  };
}

/**
 * Imports a dataset in a known format into `options.out`: the reader parses the source tables, every
 * image and mask is checked (exists, header readable, mask size = image size), patients are kept in
 * one split, and the manifest is written, all-or-nothing, through a temporary folder. Bad rows stop
 * the import before anything is written, unless skipBad, which writes the good records and
 * `import-report.json` listing what was skipped and why.
 */
export async function importDataset(format: string, inputPath: string, options: ImportOptions): Promise<ImportReport> {
  const reader = getReader(format);
  if (!fs.existsSync(inputPath)) throw new DatasetError(`input '${inputPath}' does not exist`);
  const problems: DatasetInputError[] = [];
  const progress = options.onProgress ?? (() => undefined);
  const draft = reader.read(path.resolve(inputPath), options.readerOptions ?? {}, {
    report: (p) => problems.push(p),
    progress,
  });
  const dataRoot = path.resolve(draft.dataRoot);
  const records: ImageRecord[] = [];
  draft.records.forEach((record, i) => {
    if (i % 50 === 0) progress('checking images', i, draft.records.length);
    try {
      let sized = record as DraftRecord & { width: number; height: number; channels: number };
      if (record.image.kind === 'file') {
        const where = { file: record.origin?.file ?? record.id, row: record.origin?.row };
        const file = path.resolve(dataRoot, record.image.path);
        if (!fs.existsSync(file)) throw new MissingImageError(where, record.image.path);
        let size;
        try {
          size = probeImage(file, record.image.format, record.image.path);
        } catch (error) {
          if (error instanceof DatasetInputError) throw new DatasetInputError(where, error.message);
          throw error;
        }
        sized = { ...record, width: size.width, height: size.height, channels: size.channels };
      } else if (record.width === undefined || record.height === undefined || record.channels === undefined) {
        throw new DatasetInputError({ file: record.image.path }, `array record ${record.id} has no size`);
      }
      const lesions = record.lesions?.map((l) => checkMask(sized, l, dataRoot, options.measureMasks ?? true));
      records.push({ ...sized, ...(lesions ? { lesions } : {}) } as ImageRecord);
    } catch (error) {
      if (error instanceof DatasetInputError) problems.push(error);
      else throw error;
    }
  });
  progress('checking images', draft.records.length, draft.records.length);
  if (problems.length > 0 && !options.skipBad) throw new ImportFailedError(problems);
  if (records.length === 0) throw new ImportFailedError(problems.length > 0 ? problems : [new DatasetInputError({ file: inputPath }, 'no records found')]);

  let grouped = enforcePatientGrouping(records);
  let finalRecords = grouped.records;
  if (options.valFraction && options.valFraction > 0) {
    finalRecords = splitOffPatients(finalRecords, { from: 'train', to: 'val', fraction: options.valFraction, seed: options.seed ?? 0 });
    grouped = { ...grouped, records: finalRecords };
  }
  const manifest: DatasetManifest = validateManifest({
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    id: draft.id,
    name: draft.name,
    description: draft.description,
    createdAt: new Date().toISOString(),
    origin: { kind: 'import', format, inputPath: path.resolve(inputPath), options: { ...options.readerOptions, valFraction: options.valFraction, seed: options.seed } },
    dataRoot: draft.extraFiles?.length ? '.' : dataRoot,
    primaryTask: draft.primaryTask,
    tasks: draft.tasks,
    lesionKinds: draft.lesionKinds ?? [],
    keypointNames: draft.keypointNames ?? [],
    notes: [
      ...(draft.notes ?? []),
      ...(grouped.repairs.length > 0 ? [`${grouped.repairs.length} patient(s) appeared in several source splits and were moved to one (see ${IMPORT_REPORT_FILE_NAME})`] : []),
    ],
    images: finalRecords,
  });
  const report: ImportReport = {
    format,
    inputPath: path.resolve(inputPath),
    outDir: path.resolve(options.out),
    imported: manifest.images.length,
    skipped: problems.map((p) => p.toJSON()),
    groupingRepairs: grouped.repairs,
  };
  await writeDatasetAtomically(options.out, (temp) => {
    for (const extra of draft.extraFiles ?? []) {
      const target = path.join(temp, extra.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, extra.bytes);
    }
    writeManifest(temp, manifest);
    fs.writeFileSync(path.join(temp, IMPORT_REPORT_FILE_NAME), `${JSON.stringify(report, null, 1)}\n`);
  });
  return report;
}
