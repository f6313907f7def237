import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, InvalidValueError, MissingImageError } from '../errors';
import { IMAGES_FOLDER_OPTION } from '../import/images-folder-option';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { findFiles } from '../io/find-files';
import { forEachRow, readCsvTable, requireValue } from '../io/csv-table';
import type { Lesion } from '../manifest/schema';

export const CHESTXRAY14_FINDINGS = [
  'Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia', 'Pneumothorax',
  'Consolidation', 'Edema', 'Emphysema', 'Fibrosis', 'Pleural_Thickening', 'Hernia',
] as const;

const ENTRY_FILES = ['Data_Entry_2017.csv', 'Data_Entry_2017_v2020.csv'];
const BBOX_FILE = 'BBox_List_2017.csv';
// The original header has commas inside brackets, so a CSV parser splits those names in two.
const ENTRY_COLUMNS = ['Image Index', 'Finding Labels', 'Follow-up #', 'Patient ID', 'Patient Age', 'Patient Gender', 'View Position',
  'OriginalImage[Width', 'Height]', 'OriginalImagePixelSpacing[x', 'y]', 'OriginalImageWidth', 'OriginalImageHeight', 'OriginalImagePixelSpacing_x', 'OriginalImagePixelSpacing_y'];
const BBOX_COLUMNS = ['Image Index', 'Finding Label', 'Bbox [x', 'y', 'w', 'h]'];

function readList(file: string): Set<string> | undefined {
  if (!fs.existsSync(file)) return undefined;
  return new Set(fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean));
}

/**
 * NIH ChestX-ray14: `Data_Entry_2017.csv` (findings separated by '|', 'No Finding' = none),
 * optional `BBox_List_2017.csv` (boxes for ~1k images) and optional train_val_list.txt /
 * test_list.txt for the official split; PNGs anywhere under `<path>` (images/, images_001/images/, …).
 */
export const chestXray14Reader: DatasetReader = {
  format: 'chestxray14',
  summary: 'NIH ChestX-ray14 Data_Entry_2017.csv + BBox_List_2017.csv + PNG',
  input: 'folder holding Data_Entry_2017.csv and the PNG folders',
  options: [IMAGES_FOLDER_OPTION],
  read(inputPath, options, context): DatasetDraft {
    const entryFile = ENTRY_FILES.find((f) => fs.existsSync(path.join(inputPath, f)));
    if (!entryFile) throw new DatasetError(`${inputPath}: ${ENTRY_FILES.join(' or ')} not found`);
    const dataRoot = path.resolve(inputPath, options['images'] ?? '.');
    context.progress('indexing PNG files', 0, 1);
    const pngs = new Map<string, string>();
    for (const rel of findFiles(dataRoot, (n) => n.toLowerCase().endsWith('.png'))) pngs.set(path.basename(rel), rel);
    const test = readList(path.join(inputPath, 'test_list.txt'));
    const trainVal = readList(path.join(inputPath, 'train_val_list.txt'));
    const table = readCsvTable(path.join(inputPath, entryFile), { fileLabel: entryFile, required: ['Image Index', 'Finding Labels', 'Patient ID'], known: ENTRY_COLUMNS });
    const records = new Map<string, DraftRecord & { lesions?: Lesion[] }>();
    forEachRow(table, context.report, (row) => {
      const where = { file: entryFile, row: row.row };
      const name = requireValue(table, row, 'Image Index');
      const findingsText = requireValue(table, row, 'Finding Labels');
      const multi: Array<0 | 1> = CHESTXRAY14_FINDINGS.map(() => 0);
      if (findingsText !== 'No Finding') {
        for (const f of findingsText.split('|')) {
          const k = (CHESTXRAY14_FINDINGS as readonly string[]).indexOf(f.trim());
          if (k < 0) throw new InvalidValueError({ ...where, column: 'Finding Labels' }, f, `'No Finding' or one of ${CHESTXRAY14_FINDINGS.join(', ')}`);
          multi[k] = 1;
        }
      }
      const rel = pngs.get(name);
      if (!rel) throw new MissingImageError(where, name);
      const patient = requireValue(table, row, 'Patient ID');
      const followUp = row.values['Follow-up #'] ?? '0';
      const view = (row.values['View Position'] ?? '').toUpperCase();
      records.set(name, {
        id: name.replace(/\.png$/i, ''),
        image: { kind: 'file', path: rel, format: 'png' },
        patientId: patient,
        studyId: `${patient}_${followUp}`,
        view: view === 'PA' || view === 'AP' ? view : undefined,
        source: 'NIH-CXR14',
        split: test?.has(name) ? 'test' : trainVal?.has(name) ? 'train' : undefined,
        labels: { findings: multi },
        origin: where,
      });
    });
    const bboxPath = path.join(inputPath, BBOX_FILE);
    if (fs.existsSync(bboxPath)) {
      const boxes = readCsvTable(bboxPath, { fileLabel: BBOX_FILE, required: ['Image Index', 'Finding Label'], known: BBOX_COLUMNS });
      const [cx, cy, cw, ch] = ['Bbox [x', 'y', 'w', 'h]'];
      forEachRow(boxes, context.report, (row) => {
        const where = { file: BBOX_FILE, row: row.row };
        const name = requireValue(boxes, row, 'Image Index');
        const record = records.get(name);
        if (!record) throw new InvalidValueError({ ...where, column: 'Image Index' }, name, `an image listed in ${entryFile}`);
        const kind = requireValue(boxes, row, 'Finding Label');
        const [x, y, w, h] = [cx!, cy!, cw!, ch!].map((c) => {
          const v = Number(requireValue(boxes, row, c));
          if (!Number.isFinite(v)) throw new InvalidValueError({ ...where, column: c }, row.values[c] ?? '', 'a number');
          return v;
        }) as [number, number, number, number];
        record.lesions = [...(record.lesions ?? []), { id: `${record.id}-${record.lesions?.length ?? 0}`, kind: kind === 'Infiltrate' ? 'Infiltration' : kind, box: { x, y, width: w, height: h } }];
      });
    }
    return {
      id: 'chestxray14',
      name: 'NIH ChestX-ray14',
      dataRoot,
      primaryTask: 'findings',
      tasks: { findings: { kind: 'multi-label', classes: [...CHESTXRAY14_FINDINGS] } },
      lesionKinds: [...CHESTXRAY14_FINDINGS],
      notes: [test || trainVal ? 'Splits from train_val_list.txt / test_list.txt.' : 'No split lists found: records have no split (use assignPatientGroupedSplits).'],
      records: [...records.values()],
    };
  },
};
