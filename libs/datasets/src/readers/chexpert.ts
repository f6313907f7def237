import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, DatasetOptionError, InvalidValueError } from '../errors';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import { forEachRow, readCsvTable, requireValue } from '../io/csv-table';

export const CHEXPERT_OBSERVATIONS = [
  'No Finding', 'Enlarged Cardiomediastinum', 'Cardiomegaly', 'Lung Opacity', 'Lung Lesion', 'Edema', 'Consolidation',
  'Pneumonia', 'Atelectasis', 'Pneumothorax', 'Pleural Effusion', 'Pleural Other', 'Fracture', 'Support Devices',
] as const;
const KNOWN = ['Path', 'Sex', 'Age', 'Frontal/Lateral', 'AP/PA', ...CHEXPERT_OBSERVATIONS];

/** What an uncertain (-1) label becomes: 1, 0, or unknown (masked out of the loss). */
export type UncertaintyPolicy = 'u-ones' | 'u-zeros' | 'ignore';
const POLICIES: readonly UncertaintyPolicy[] = ['u-ones', 'u-zeros', 'ignore'];

/**
 * CheXpert: `train.csv` and/or `valid.csv` (train → 'train', valid → 'val'). Labels are 1 positive,
 * 0 negative, -1 uncertain, blank unmentioned (→ 0). Uncertain labels follow --uncertainty. Paths
 * in the CSV start with the dataset folder's own name (CheXpert-v1.0-small/train/…), so they are
 * resolved against the parent of `<path>` when that is the case.
 */
export const chexpertReader: DatasetReader = {
  format: 'chexpert',
  summary: 'CheXpert train.csv / valid.csv with an uncertainty policy',
  input: 'the CheXpert folder (holding train.csv and/or valid.csv)',
  options: [{ name: 'uncertainty', description: "chexpert: what an uncertain (-1) label becomes", choices: POLICIES, default: 'ignore' }],
  read(inputPath, options, context): DatasetDraft {
    const policy = (options['uncertainty'] ?? 'ignore') as UncertaintyPolicy;
    if (!POLICIES.includes(policy)) throw new DatasetOptionError(`--uncertainty must be one of ${POLICIES.join(', ')}, got '${policy}'`);
    const files = [['train.csv', 'train'], ['valid.csv', 'val']].filter(([f]) => fs.existsSync(path.join(inputPath, f!)));
    if (files.length === 0) throw new DatasetError(`${inputPath}: neither train.csv nor valid.csv found`);
    const records: DraftRecord[] = [];
    let dataRoot = path.resolve(inputPath);
    for (const [file, split] of files) {
      const table = readCsvTable(path.join(inputPath, file!), { fileLabel: file, required: ['Path', ...CHEXPERT_OBSERVATIONS], known: KNOWN });
      forEachRow(table, context.report, (row) => {
        const where = { file: file!, row: row.row };
        let imagePath = requireValue(table, row, 'Path');
        const first = imagePath.split('/')[0];
        if (first === path.basename(inputPath)) {
          dataRoot = path.dirname(path.resolve(inputPath));
        } else if (dataRoot !== path.resolve(inputPath)) {
          imagePath = `${path.basename(inputPath)}/${imagePath}`;
        }
        const labels = CHEXPERT_OBSERVATIONS.map((obs): 0 | 1 | null => {
          const text = row.values[obs] ?? '';
          if (text === '') return 0;
          const v = Number(text);
          if (v === 1) return 1;
          if (v === 0) return 0;
          if (v === -1) return policy === 'u-ones' ? 1 : policy === 'u-zeros' ? 0 : null;
          throw new InvalidValueError({ ...where, column: obs }, text, '1, 0, -1 or blank');
        });
        const patient = /patient(\d+)/.exec(imagePath)?.[0];
        const study = /study(\d+)/.exec(imagePath)?.[0];
        if (!patient) throw new InvalidValueError({ ...where, column: 'Path' }, imagePath, 'a path containing patientNNNNN');
        const lateral = (row.values['Frontal/Lateral'] ?? '').toLowerCase() === 'lateral';
        const apPa = (row.values['AP/PA'] ?? '').toUpperCase();
        records.push({
          id: imagePath.split('/').slice(-4).join('/').replace(/\.(jpg|jpeg|png)$/i, ''),
          image: { kind: 'file', path: imagePath, format: /\.png$/i.test(imagePath) ? 'png' : 'jpeg' },
          patientId: patient,
          studyId: study ? `${patient}/${study}` : undefined,
          view: lateral ? 'LAT' : apPa === 'AP' || apPa === 'PA' ? apPa : undefined,
          source: 'CheXpert',
          split,
          labels: { findings: labels },
          origin: where,
        });
      });
    }
    // Paths seen before the root was known to be the parent need the folder name prefixed.
    const prefix = `${path.basename(inputPath)}/`;
    const fixed = records.map((r) =>
      dataRoot !== path.resolve(inputPath) && r.image.kind === 'file' && !r.image.path.startsWith(prefix)
        ? { ...r, image: { ...r.image, path: prefix + r.image.path } }
        : r,
    );
    return {
      id: 'chexpert',
      name: 'CheXpert',
      dataRoot,
      primaryTask: 'findings',
      tasks: { findings: { kind: 'multi-label', classes: [...CHEXPERT_OBSERVATIONS], description: `uncertain labels: ${policy}` } },
      notes: [`Uncertainty policy '${policy}'${policy === 'ignore' ? ': uncertain labels are null and masked out of the loss' : ''}.`],
      records: fixed,
    };
  },
};
