import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, DatasetInputError, DatasetOptionError, ImportFailedError, InvalidValueError, MaskSizeMismatchError, MissingImageError } from '../errors';
import { decodeMaskFile } from '../image/decode-image-file';
import { imageFormatFromName } from '../image/image-format';
import { probeImage } from '../image/probe-image';
import { writeDatasetAtomically } from '../io/atomic-dataset-dir';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type DatasetManifest, type ImageRecord, type Lesion } from '../manifest/schema';
import { validateManifest, writeManifest } from '../manifest/manifest-file';
import { assignPatientGroupedSplits, enforcePatientGrouping, splitOffPatients, type GroupingRepair } from '../splits/patient-grouped-splits';
import { checkImages } from './check-images';
import type { ImageCheckJob } from './image-check';
import type { DatasetReader, DraftRecord } from './dataset-reader';
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
  /**
   * Folders besides the source folder that image and mask paths may point into. A path with `../`
   * or an absolute path outside the source folder and these is refused (a CSV must not make the
   * importer read arbitrary files).
   */
  allowedRoots?: string[];
  /** Threads that decode the images (default min(cores, 4)). */
  decodeThreads?: number;
  /** Interrupts a long import (downloads); nothing is written, downloads are kept for a rerun. */
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface ImportReport {
  format: string;
  inputPath: string;
  outDir: string;
  imported: number;
  skipped: ReturnType<DatasetInputError['toJSON']>[];
  groupingRepairs: GroupingRepair[];
  /** What the importer decided for the user (e.g. an automatic split), also in the manifest's notes. */
  notes: string[];
}

export const AUTO_SPLIT_FRACTIONS = { train: 0.7, val: 0.15, test: 0.15 };

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p; // missing files are reported later as missing
  }
}

/** A path (from a CSV) must stay inside the source folder or an allowed root, also after following links. */
function checkInsideRoots(where: { file: string; row?: number }, relPath: string, dataRoot: string, allowed: string[], column: string): string {
  const file = path.resolve(dataRoot, relPath);
  const roots = [dataRoot, ...allowed];
  const within = (p: string, list: string[]) => list.some((root) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  if (!within(file, roots) || !within(realPath(file), roots.map(realPath))) {
    throw new InvalidValueError(
      { ...where, column },
      relPath,
      `a path inside ${dataRoot}${allowed.length ? ` or ${allowed.join(', ')}` : ''} (add --data-root DIR to allow another folder)`,
    );
  }
  return file;
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

/** Options of another format are refused: they would be silently ignored. */
function checkReaderOptions(reader: DatasetReader, given: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || reader.options.some((o) => o.name === name)) continue;
    const known = reader.options.map((o) => `--${o.name}`).join(', ') || 'none';
    throw new DatasetOptionError(`--${name} is not an option of format '${reader.format}'; its options: ${known}`);
  }
}

/**
 * Imports a dataset in a known format into `options.out`: the reader parses the source tables, every
 * image path is checked to stay inside the source folder (or an allowed root), every image is
 * decoded to its last pixel (in parallel) and every mask checked (mask size = image size), patients
 * are kept in one split, and the manifest is written, all-or-nothing, through a temporary folder.
 * A successful import therefore means every image it names decodes. Bad rows stop
 * the import before anything is written, unless skipBad, which writes the good records and
 * `import-report.json` listing what was skipped and why.
 */
export async function importDataset(format: string, inputPath: string, options: ImportOptions): Promise<ImportReport> {
  const reader = getReader(format);
  checkReaderOptions(reader, options.readerOptions ?? {});
  if (!reader.remote && !fs.existsSync(inputPath)) throw new DatasetError(`input '${inputPath}' does not exist`);
  const source = reader.remote ? inputPath : path.resolve(inputPath);
  const problems: DatasetInputError[] = [];
  const progress = options.onProgress ?? (() => undefined);
  const draft = await reader.read(source, options.readerOptions ?? {}, {
    report: (p) => problems.push(p),
    progress,
    outDir: path.resolve(options.out),
    signal: options.signal,
  });
  const dataRoot = path.resolve(draft.dataRoot);
  const allowedRoots = (options.allowedRoots ?? []).map((r) => path.resolve(r));
  const where = (record: DraftRecord) => ({ file: record.origin?.file ?? record.id, row: record.origin?.row });

  // Paths first (inside the allowed roots, present), then every image decoded, in parallel.
  const candidates: Array<{ record: DraftRecord; job?: ImageCheckJob }> = [];
  for (const record of draft.records) {
    try {
      if (record.image.kind !== 'file') {
        if (record.width === undefined || record.height === undefined || record.channels === undefined) {
          throw new DatasetInputError({ file: record.image.path }, `array record ${record.id} has no size`);
        }
        candidates.push({ record });
        continue;
      }
      const file = checkInsideRoots(where(record), record.image.path, dataRoot, allowedRoots, 'path');
      for (const lesion of record.lesions ?? []) if (lesion.mask) checkInsideRoots(where(record), lesion.mask.path, dataRoot, allowedRoots, 'mask');
      if (record.partMask) checkInsideRoots(where(record), record.partMask.path, dataRoot, allowedRoots, 'mask');
      if (!fs.existsSync(file)) throw new MissingImageError(where(record), record.image.path);
      candidates.push({ record, job: { file, format: record.image.format, frame: record.image.frame, label: record.image.path } });
    } catch (error) {
      if (error instanceof DatasetInputError) problems.push(error);
      else throw error;
    }
  }
  const jobs = candidates.flatMap((c) => (c.job ? [c.job] : []));
  const decoded = await checkImages(jobs, { threads: options.decodeThreads, onProgress: (done, total) => progress('decoding images', done, total) });
  let next = 0;
  const records: ImageRecord[] = [];
  for (const { record, job } of candidates) {
    try {
      let sized = record as DraftRecord & { width: number; height: number; channels: number };
      if (job) {
        const result = decoded[next++]!;
        if (!result.ok) throw new DatasetInputError(where(record), result.message);
        sized = { ...record, width: result.width, height: result.height, channels: result.channels };
      }
      const lesions = record.lesions?.map((l) => checkMask(sized, l, dataRoot, options.measureMasks ?? true));
      records.push({ ...sized, ...(lesions ? { lesions } : {}) } as ImageRecord);
    } catch (error) {
      if (error instanceof DatasetInputError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length > 0 && !options.skipBad) throw new ImportFailedError(problems);
  if (records.length === 0) throw new ImportFailedError(problems.length > 0 ? problems : [new DatasetInputError({ file: inputPath }, 'no records found')]);

  const notes: string[] = [];
  let splitRecords = records;
  if (draft.autoSplit) {
    splitRecords = assignPatientGroupedSplits(records, AUTO_SPLIT_FRACTIONS, options.seed ?? 0);
    notes.push(`No split column: patients were split 70/15/15 into train/val/test (patient-grouped, seed ${options.seed ?? 0}).`);
  }
  let grouped = enforcePatientGrouping(splitRecords);
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
    dataRoot: draft.extraFiles?.length || draft.moveIn?.length ? '.' : dataRoot,
    primaryTask: draft.primaryTask,
    tasks: draft.tasks,
    lesionKinds: draft.lesionKinds ?? [],
    keypointNames: draft.keypointNames ?? [],
    notes: [
      ...(draft.notes ?? []),
      ...notes,
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
    notes,
  };
  await writeDatasetAtomically(options.out, (temp) => {
    for (const move of draft.moveIn ?? []) {
      const target = path.join(temp, move.to);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(move.from, target);
    }
    for (const extra of draft.extraFiles ?? []) {
      const target = path.join(temp, extra.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, extra.bytes);
    }
    writeManifest(temp, manifest);
    fs.writeFileSync(path.join(temp, IMPORT_REPORT_FILE_NAME), `${JSON.stringify(report, null, 1)}\n`);
  });
  draft.afterWrite?.();
  return report;
}
