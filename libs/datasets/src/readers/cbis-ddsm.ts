import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, InvalidValueError } from '../errors';
import { IMAGES_FOLDER_OPTION } from '../import/images-folder-option';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable, requireValue } from '../io/csv-table';
import type { Lesion } from '../manifest/schema';

const FILE_PATTERN = /^(mass|calc)_case_description_(train|test)_set\.csv$/i;

const KNOWN_COLUMNS = [
  'patient_id', 'breast_density', 'breast density', 'left or right breast', 'image view', 'abnormality id',
  'abnormality type', 'mass shape', 'mass margins', 'calc type', 'calc distribution', 'assessment', 'pathology',
  'subtlety', 'image file path', 'cropped image file path', 'ROI mask file path',
] as const;
const REQUIRED = ['patient_id', 'left or right breast', 'image view', 'abnormality id', 'abnormality type', 'pathology', 'image file path', 'ROI mask file path'];

function cleanPath(value: string): string {
  return value.replace(/^"+|"+$/g, '').trim();
}

/**
 * CBIS-DDSM: the four description CSVs (mass/calc × train/test) in `<path>`, with DICOM images and
 * ROI masks at the paths the CSVs give, relative to `<path>` (or to --images). Each CSV row is one
 * abnormality; rows sharing an image become one record with several lesions. Image label: malignant
 * if any lesion is (BENIGN_WITHOUT_CALLBACK counts as benign); 'assessment' is the highest BI-RADS.
 */
export const cbisDdsmReader: DatasetReader = {
  format: 'cbis-ddsm',
  summary: 'CBIS-DDSM description CSVs (mass/calc, train/test) + DICOM images and ROI masks',
  input: 'folder holding the *_case_description_*_set.csv files',
  options: [IMAGES_FOLDER_OPTION],
  read(inputPath, options, context): DatasetDraft {
    const csvs = fs.readdirSync(inputPath).filter((f) => FILE_PATTERN.test(f)).sort();
    if (csvs.length === 0) throw new DatasetError(`${inputPath}: no (mass|calc)_case_description_(train|test)_set.csv found`);
    const dataRoot = path.resolve(inputPath, options['images'] ?? '.');
    const byImage = new Map<string, DraftRecord & { lesions: Lesion[] }>();
    for (const csv of csvs) {
      const [, , sourceSplit] = FILE_PATTERN.exec(csv)!;
      const table = readCsvTable(path.join(inputPath, csv), { fileLabel: csv, required: REQUIRED, known: KNOWN_COLUMNS });
      forEachRow(table, context.report, (row) => {
        const value = (column: string) => requireValue(table, row, column);
        const where = { file: csv, row: row.row };
        const patientId = value('patient_id');
        const side = value('left or right breast').toUpperCase();
        if (side !== 'LEFT' && side !== 'RIGHT') throw new InvalidValueError({ ...where, column: 'left or right breast' }, side, 'LEFT or RIGHT');
        const view = value('image view').toUpperCase();
        if (view !== 'CC' && view !== 'MLO') throw new InvalidValueError({ ...where, column: 'image view' }, view, 'CC or MLO');
        const type = value('abnormality type').toLowerCase();
        if (type !== 'mass' && type !== 'calcification') throw new InvalidValueError({ ...where, column: 'abnormality type' }, type, 'mass or calcification');
        const pathologyRaw = value('pathology').toUpperCase();
        const pathology = pathologyRaw === 'MALIGNANT' ? 'malignant' : pathologyRaw.startsWith('BENIGN') ? 'benign' : undefined;
        if (!pathology) throw new InvalidValueError({ ...where, column: 'pathology' }, pathologyRaw, 'MALIGNANT, BENIGN or BENIGN_WITHOUT_CALLBACK');
        const assessmentText = row.values['assessment'] ?? '';
        const assessment = assessmentText === '' ? undefined : Number(assessmentText);
        if (assessment !== undefined && !(Number.isInteger(assessment) && assessment >= 0 && assessment <= 5)) {
          throw new InvalidValueError({ ...where, column: 'assessment' }, assessmentText, 'a BI-RADS category 0–5');
        }
        const imagePath = cleanPath(value('image file path'));
        const maskPath = cleanPath(value('ROI mask file path'));
        const abnormalityId = value('abnormality id');
        const recordId = imagePath.split('/')[0] || `${type}-${sourceSplit}-${patientId}-${side}-${view}`;
        let record = byImage.get(imagePath);
        if (!record) {
          record = {
            id: recordId,
            image: { kind: 'file', path: imagePath, format: 'dicom' },
            patientId,
            studyId: `${patientId}_${side}`,
            view: view as 'CC' | 'MLO',
            laterality: side === 'LEFT' ? 'L' : 'R',
            source: 'CBIS-DDSM',
            split: sourceSplit!.toLowerCase(),
            labels: {},
            lesions: [],
            origin: where,
          };
          byImage.set(imagePath, record);
        }
        const attributes: Record<string, string | number> = { pathology: pathologyRaw };
        for (const column of ['mass shape', 'mass margins', 'calc type', 'calc distribution', 'subtlety', 'breast_density', 'breast density']) {
          const v = row.values[column];
          if (v) attributes[column.replace(/ /g, '_')] = v;
        }
        if (assessment !== undefined) attributes['assessment'] = assessment;
        record.lesions.push({ id: `${record.id}-${abnormalityId}`, kind: type, label: pathology, mask: { path: maskPath }, attributes });
        const malignant = record.lesions.some((l) => l.label === 'malignant');
        const maxAssessment = Math.max(...record.lesions.map((l) => Number(l.attributes?.['assessment'] ?? 0)));
        record.labels = { pathology: malignant ? 1 : 0, assessment: maxAssessment };
      });
    }
    return {
      id: 'cbis-ddsm',
      name: 'CBIS-DDSM',
      dataRoot,
      primaryTask: 'pathology',
      tasks: {
        pathology: { kind: 'single-label', classes: ['benign', 'malignant'], description: 'malignant if any abnormality in the image is' },
        assessment: { kind: 'ordinal', classes: ['0', '1', '2', '3', '4', '5'], description: 'highest BI-RADS assessment of the abnormalities' },
      },
      lesionKinds: ['mass', 'calcification'],
      notes: ['Lesion boxes and centroids are measured from the ROI masks.'],
      records: [...byImage.values()],
    };
  },
};
