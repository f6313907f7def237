import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, InvalidValueError, MissingColumnError } from '../errors';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable, requireValue } from '../io/csv-table';
import { imageFormatFromName } from '../image/image-format';
import { ViewSchema, type Task } from '../manifest/schema';

const KNOWN = ['path', 'label', 'labels', 'grade', 'patient_id', 'study_id', 'view', 'laterality', 'source', 'split', 'mask', 'frame'] as const;

/**
 * A folder of PNG/JPEG/DICOM images with a CSV of labels (default labels.csv). Columns: `path`
 * (relative to the folder, required), and at least one of `label` (one class name), `labels`
 * (class names separated by '|', multi-label) and `grade` (integer, ordinal); optional
 * patient_id (default: the path), study_id, view, laterality (L/R), source, split, mask (a PNG
 * or DICOM lesion mask of the image's size), frame (of a multi-frame DICOM, from 1). Any other
 * column is an error. Without a split column the importer splits patients 70/15/15.
 */
export const genericFolderReader: DatasetReader = {
  format: 'folder',
  summary: 'a folder of PNG/JPEG/DICOM images + a CSV of labels',
  input: 'the folder',
  options: [{ name: 'labels', description: 'folder: the labels CSV, relative to <path>', default: 'labels.csv' }],
  read(inputPath, options, context): DatasetDraft {
    const csvName = options['labels'] ?? 'labels.csv';
    const csvPath = path.resolve(inputPath, csvName);
    if (!fs.existsSync(csvPath)) throw new DatasetError(`${inputPath}: labels CSV '${csvName}' not found (use --labels FILE)`);
    const table = readCsvTable(csvPath, { fileLabel: csvName, required: ['path'], known: KNOWN });
    const hasColumn = (c: string) => table.columns.includes(c);
    if (!['label', 'labels', 'grade'].some(hasColumn)) throw new MissingColumnError({ file: csvName, row: 1, column: 'label' });
    const single = new Set<string>();
    const multi = new Set<string>();
    for (const { values } of table.rows) {
      if (values['label']) single.add(values['label']);
      for (const l of (values['labels'] ?? '').split('|')) if (l.trim()) multi.add(l.trim());
    }
    const singleClasses = [...single].sort();
    const multiClasses = [...multi].sort();
    let maxGrade = 0;
    const records: DraftRecord[] = [];
    forEachRow(table, context.report, (row) => {
      const where = { file: csvName, row: row.row };
      const rel = requireValue(table, row, 'path');
      const format = imageFormatFromName(rel);
      if (!format) throw new InvalidValueError({ ...where, column: 'path' }, rel, 'a .png, .jpg/.jpeg or .dcm/.dicom file');
      const labels: DraftRecord['labels'] = {};
      if (hasColumn('label')) labels['label'] = singleClasses.indexOf(requireValue(table, row, 'label'));
      if (hasColumn('labels')) {
        const present = new Set((row.values['labels'] ?? '').split('|').map((s) => s.trim()));
        labels['labels'] = multiClasses.map((c) => (present.has(c) ? 1 : 0));
      }
      if (hasColumn('grade')) {
        const text = requireValue(table, row, 'grade');
        const grade = Number(text);
        if (!Number.isInteger(grade) || grade < 0) throw new InvalidValueError({ ...where, column: 'grade' }, text, 'a non-negative integer');
        maxGrade = Math.max(maxGrade, grade);
        labels['grade'] = grade;
      }
      const viewText = row.values['view'];
      const view = viewText ? ViewSchema.safeParse(viewText.toUpperCase()) : undefined;
      if (view && !view.success) throw new InvalidValueError({ ...where, column: 'view' }, viewText!, ViewSchema.options.join(', '));
      const laterality = row.values['laterality']?.toUpperCase();
      if (laterality && laterality !== 'L' && laterality !== 'R') throw new InvalidValueError({ ...where, column: 'laterality' }, laterality, 'L or R');
      const frameText = row.values['frame'];
      const frame = frameText ? Number(frameText) : undefined;
      if (frame !== undefined && !(Number.isInteger(frame) && frame >= 1)) throw new InvalidValueError({ ...where, column: 'frame' }, frameText!, 'a frame number ≥ 1');
      if (frame !== undefined && format !== 'dicom') throw new InvalidValueError({ ...where, column: 'frame' }, frameText!, 'empty: only DICOM files have frames');
      const mask = row.values['mask'];
      records.push({
        id: rel.replace(/\.[^.]+$/, '') + (frame !== undefined ? `#${frame}` : ''),
        image: { kind: 'file', path: rel, format, ...(frame !== undefined ? { frame } : {}) },
        patientId: row.values['patient_id'] || rel,
        studyId: row.values['study_id'] || undefined,
        view: view?.data,
        laterality: laterality as 'L' | 'R' | undefined,
        source: row.values['source'] || undefined,
        split: row.values['split'] || undefined,
        labels,
        lesions: mask ? [{ id: `${rel}-mask`, kind: 'lesion', mask: { path: mask } }] : undefined,
        origin: where,
      });
    });
    const tasks: Record<string, Task> = {};
    if (hasColumn('label')) tasks['label'] = { kind: 'single-label', classes: singleClasses.length ? singleClasses : ['(none)'] };
    if (hasColumn('labels')) tasks['labels'] = { kind: 'multi-label', classes: multiClasses.length ? multiClasses : ['(none)'] };
    if (hasColumn('grade')) tasks['grade'] = { kind: 'ordinal', classes: Array.from({ length: maxGrade + 1 }, (_, i) => String(i)) };
    return {
      id: path.basename(path.resolve(inputPath)),
      dataRoot: path.resolve(inputPath),
      primaryTask: Object.keys(tasks)[0]!,
      tasks,
      lesionKinds: hasColumn('mask') ? ['lesion'] : [],
      notes: [`Classes are the sorted distinct values of the CSV (${csvName}).`],
      records,
      autoSplit: !hasColumn('split'),
    };
  },
};
