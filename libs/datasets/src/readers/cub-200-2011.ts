import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, InvalidValueError } from '../errors';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable, type CsvRow, type CsvTable } from '../io/csv-table';
import { imageFormatFromName } from '../image/image-format';
import type { Keypoint } from '../manifest/schema';

function numberAt(table: CsvTable, row: CsvRow, column: string): number {
  const text = row.values[column] ?? '';
  const v = Number(text);
  if (text === '' || !Number.isFinite(v)) throw new InvalidValueError({ file: table.file, row: row.row, column }, text, 'a number');
  return v;
}

function table(root: string, file: string, columns: string[]): CsvTable {
  return readCsvTable(path.join(root, file), { fileLabel: file, whitespace: true, headerless: columns });
}

/** "1 left eye" → [1, "left eye"]: CUB names may contain spaces. */
function readNamedList(root: string, file: string): string[] {
  const names: string[] = [];
  fs.readFileSync(path.join(root, file), 'utf8').split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (!line.trim()) return;
    if (!m) throw new InvalidValueError({ file, row: i + 1, column: 'name' }, line, "'<id> <name>'");
    names[Number(m[1]) - 1] = m[2]!;
  });
  return names;
}

/**
 * CUB-200-2011: images.txt, image_class_labels.txt, train_test_split.txt, classes.txt, and, when
 * present, bounding_boxes.txt (object box) and parts/parts.txt + parts/part_locs.txt (15 keypoints
 * with visibility, used for part-consistency scores). Files have no header, so rows are line numbers.
 */
export const cub200Reader: DatasetReader = {
  format: 'cub-200-2011',
  summary: 'CUB-200-2011 images.txt, labels, split, boxes and part locations',
  input: 'the CUB_200_2011 folder',
  options: [],
  read(inputPath, _options, context): DatasetDraft {
    for (const f of ['images.txt', 'image_class_labels.txt', 'train_test_split.txt', 'classes.txt']) {
      if (!fs.existsSync(path.join(inputPath, f))) throw new DatasetError(`${inputPath}: ${f} not found (is this the CUB_200_2011 folder?)`);
    }
    const classes = readNamedList(inputPath, 'classes.txt').map((c) => c.replace(/^\d+\./, ''));
    const records = new Map<string, DraftRecord>();
    const images = table(inputPath, 'images.txt', ['id', 'path']);
    forEachRow(images, context.report, (row) => {
      const id = row.values['id'];
      const rel = row.values['path'];
      if (!id || !rel) throw new InvalidValueError({ file: images.file, row: row.row, column: 'path' }, JSON.stringify(row.values), "'<image id> <path>'");
      const format = imageFormatFromName(rel);
      if (!format) throw new InvalidValueError({ file: images.file, row: row.row, column: 'path' }, rel, 'a .jpg/.png path');
      records.set(id, { id: `cub-${id}`, image: { kind: 'file', path: `images/${rel}`, format }, patientId: `cub-${id}`, source: 'CUB-200-2011', labels: {}, origin: { file: images.file, row: row.row } });
    });
    const lookup = (t: CsvTable, row: CsvRow): DraftRecord => {
      const record = records.get(row.values['id'] ?? '');
      if (!record) throw new InvalidValueError({ file: t.file, row: row.row, column: 'id' }, row.values['id'] ?? '', 'an id from images.txt');
      return record;
    };
    const labels = table(inputPath, 'image_class_labels.txt', ['id', 'class']);
    forEachRow(labels, context.report, (row) => {
      const c = numberAt(labels, row, 'class');
      if (!Number.isInteger(c) || c < 1 || c > classes.length) throw new InvalidValueError({ file: labels.file, row: row.row, column: 'class' }, String(c), `1…${classes.length}`);
      lookup(labels, row).labels = { species: c - 1 };
    });
    const split = table(inputPath, 'train_test_split.txt', ['id', 'is_train']);
    forEachRow(split, context.report, (row) => {
      const v = row.values['is_train'];
      if (v !== '0' && v !== '1') throw new InvalidValueError({ file: split.file, row: row.row, column: 'is_train' }, v ?? '', '0 or 1');
      lookup(split, row).split = v === '1' ? 'train' : 'test';
    });
    if (fs.existsSync(path.join(inputPath, 'bounding_boxes.txt'))) {
      const boxes = table(inputPath, 'bounding_boxes.txt', ['id', 'x', 'y', 'width', 'height']);
      forEachRow(boxes, context.report, (row) => {
        const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((c) => numberAt(boxes, row, c)) as [number, number, number, number];
        lookup(boxes, row).objectBox = { x, y, width, height };
      });
    }
    let partNames: string[] = [];
    if (fs.existsSync(path.join(inputPath, 'parts/part_locs.txt')) && fs.existsSync(path.join(inputPath, 'parts/parts.txt'))) {
      partNames = readNamedList(inputPath, 'parts/parts.txt');
      const locs = table(inputPath, 'parts/part_locs.txt', ['id', 'part', 'x', 'y', 'visible']);
      forEachRow(locs, context.report, (row) => {
        const part = numberAt(locs, row, 'part');
        const name = partNames[part - 1];
        if (!name) throw new InvalidValueError({ file: locs.file, row: row.row, column: 'part' }, String(part), `1…${partNames.length}`);
        const record = lookup(locs, row);
        const keypoint: Keypoint = { name, x: numberAt(locs, row, 'x'), y: numberAt(locs, row, 'y'), visible: numberAt(locs, row, 'visible') === 1 };
        record.keypoints = [...(record.keypoints ?? []), keypoint];
      });
    }
    const complete = [...records.values()].filter((r) => {
      if (r.labels['species'] !== undefined) return true;
      context.report(new InvalidValueError({ file: 'image_class_labels.txt', column: 'class' }, r.id, 'a class for every image'));
      return false;
    });
    return {
      id: 'cub-200-2011',
      name: 'CUB-200-2011',
      dataRoot: path.resolve(inputPath),
      primaryTask: 'species',
      tasks: { species: { kind: 'single-label', classes } },
      keypointNames: partNames,
      notes: ['Every image is its own group (CUB has no notion of patient).', 'Keypoints are in CUB pixel coordinates; invisible parts have visible: false.'],
      records: complete,
    };
  },
};
