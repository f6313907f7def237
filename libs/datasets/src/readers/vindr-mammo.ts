import * as path from 'node:path';
import * as fs from 'node:fs';
import { DatasetError, InvalidValueError } from '../errors';
import { IMAGES_FOLDER_OPTION } from '../import/images-folder-option';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable, requireValue } from '../io/csv-table';
import type { Lesion } from '../manifest/schema';

const BREAST_FILE = 'breast-level_annotations.csv';
const FINDING_FILE = 'finding_annotations.csv';
const BREAST_COLUMNS = ['study_id', 'series_id', 'image_id', 'laterality', 'view_position', 'height', 'width', 'breast_birads', 'breast_density', 'split'];
const FINDING_COLUMNS = [...BREAST_COLUMNS, 'finding_categories', 'finding_birads', 'xmin', 'ymin', 'xmax', 'ymax'];
const DENSITIES = ['A', 'B', 'C', 'D'];

/** "BI-RADS 4" → 4; "DENSITY C" → "C". */
function trailingToken(value: string): string {
  return value.trim().split(/\s+/).pop() ?? '';
}

/** "['Mass', 'Suspicious Calcification']" → ['Mass', 'Suspicious Calcification']. */
function parseCategoryList(value: string): string[] {
  return value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter((s) => s.length > 0);
}

/**
 * VinDr-Mammo: `breast-level_annotations.csv` (one row per image: BI-RADS, density, split) and
 * `finding_annotations.csv` (one row per finding with a box and its BI-RADS; "No Finding" rows have
 * no box), images at images/<study_id>/<image_id>.dicom. The study is the patient.
 */
export const vindrMammoReader: DatasetReader = {
  format: 'vindr-mammo',
  summary: 'VinDr-Mammo breast-level + finding annotation CSVs + DICOM',
  input: `folder holding ${BREAST_FILE}, ${FINDING_FILE} and images/<study_id>/<image_id>.dicom`,
  options: [IMAGES_FOLDER_OPTION],
  read(inputPath, options, context): DatasetDraft {
    const dataRoot = path.resolve(inputPath, options['images'] ?? '.');
    if (!fs.existsSync(path.join(inputPath, BREAST_FILE))) throw new DatasetError(`${inputPath}: ${BREAST_FILE} not found`);
    const breast = readCsvTable(path.join(inputPath, BREAST_FILE), { fileLabel: BREAST_FILE, required: ['study_id', 'image_id', 'laterality', 'view_position', 'breast_birads'], known: BREAST_COLUMNS });
    const records = new Map<string, DraftRecord & { lesions: Lesion[] }>();
    forEachRow(breast, context.report, (row) => {
      const value = (c: string) => requireValue(breast, row, c);
      const where = { file: BREAST_FILE, row: row.row };
      const studyId = value('study_id');
      const imageId = value('image_id');
      const laterality = value('laterality').toUpperCase();
      if (laterality !== 'L' && laterality !== 'R') throw new InvalidValueError({ ...where, column: 'laterality' }, laterality, 'L or R');
      const view = value('view_position').toUpperCase();
      if (!['CC', 'MLO'].includes(view)) throw new InvalidValueError({ ...where, column: 'view_position' }, view, 'CC or MLO');
      const birads = Number(trailingToken(value('breast_birads')));
      if (!(Number.isInteger(birads) && birads >= 1 && birads <= 5)) throw new InvalidValueError({ ...where, column: 'breast_birads' }, value('breast_birads'), "'BI-RADS 1' … 'BI-RADS 5'");
      const labels: Record<string, number> = { birads: birads - 1 };
      const densityText = row.values['breast_density'];
      if (densityText) {
        const density = DENSITIES.indexOf(trailingToken(densityText).toUpperCase());
        if (density < 0) throw new InvalidValueError({ ...where, column: 'breast_density' }, densityText, "'DENSITY A' … 'DENSITY D'");
        labels['density'] = density;
      }
      const split = (row.values['split'] ?? '').toLowerCase();
      records.set(imageId, {
        id: imageId,
        image: { kind: 'file', path: `images/${studyId}/${imageId}.dicom`, format: 'dicom' },
        patientId: studyId,
        studyId,
        view: view as 'CC' | 'MLO',
        laterality,
        source: 'VinDr-Mammo',
        split: split === 'training' ? 'train' : split === '' ? undefined : split,
        labels,
        lesions: [],
        origin: where,
      });
    });
    const kinds = new Set<string>();
    const findingPath = path.join(inputPath, FINDING_FILE);
    if (fs.existsSync(findingPath)) {
      const findings = readCsvTable(findingPath, { fileLabel: FINDING_FILE, required: ['image_id', 'finding_categories', 'xmin', 'ymin', 'xmax', 'ymax'], known: FINDING_COLUMNS });
      forEachRow(findings, context.report, (row) => {
        const where = { file: FINDING_FILE, row: row.row };
        const imageId = requireValue(findings, row, 'image_id');
        const record = records.get(imageId);
        if (!record) throw new InvalidValueError({ ...where, column: 'image_id' }, imageId, `an image listed in ${BREAST_FILE}`);
        const categories = parseCategoryList(requireValue(findings, row, 'finding_categories'));
        if (categories.length === 0 || categories.includes('No Finding')) return;
        const coords = ['xmin', 'ymin', 'xmax', 'ymax'].map((c) => {
          const text = requireValue(findings, row, c);
          const v = Number(text);
          if (!Number.isFinite(v)) throw new InvalidValueError({ ...where, column: c }, text, 'a number');
          return v;
        }) as [number, number, number, number];
        const [xmin, ymin, xmax, ymax] = coords;
        if (xmax <= xmin || ymax <= ymin) throw new InvalidValueError({ ...where, column: 'xmax' }, `${xmin},${ymin},${xmax},${ymax}`, 'xmin < xmax and ymin < ymax');
        categories.forEach((c) => kinds.add(c));
        const findingBirads = row.values['finding_birads'];
        record.lesions.push({
          id: `${imageId}-${record.lesions.length}`,
          kind: categories[0]!,
          label: findingBirads ? trailingToken(findingBirads) : undefined,
          box: { x: xmin, y: ymin, width: xmax - xmin, height: ymax - ymin },
          attributes: { categories: categories.join('|') },
        });
      });
    }
    return {
      id: 'vindr-mammo',
      name: 'VinDr-Mammo',
      dataRoot,
      primaryTask: 'birads',
      tasks: {
        birads: { kind: 'ordinal', classes: ['1', '2', '3', '4', '5'], description: 'breast-level BI-RADS' },
        density: { kind: 'single-label', classes: DENSITIES },
      },
      lesionKinds: [...kinds].sort(),
      notes: ['Each VinDr-Mammo study is one patient; splits follow the CSV (training → train).'],
      records: [...records.values()].map((r) => (r.lesions.length === 0 ? { ...r, lesions: undefined } : r)),
    };
  },
};
