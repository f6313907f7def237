import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorruptFileError, DatasetError } from '../errors';
import { encodeNpy } from '../image/npy-codec';
import { readNpz } from '../image/npz-archive';
import type { DatasetDraft, DatasetReader, DraftRecord } from '../import/dataset-reader';
import type { Task } from '../manifest/schema';

const SPLITS = ['train', 'val', 'test'] as const;

/**
 * MedMNIST `.npz`: `<split>_images` (N×H×W or N×H×W×3, uint8) and `<split>_labels` (N×K) for
 * split in train/val/test (any may be absent). K = 1 is single-label (classes 0..max, or --classes);
 * K > 1 is multi-label (e.g. ChestMNIST). Images are copied into the dataset as .npy arrays and
 * records refer to rows of them. MedMNIST has no patient ids: each image is its own group.
 */
export const medmnistReader: DatasetReader = {
  format: 'medmnist',
  summary: 'MedMNIST .npz (zip of .npy arrays: train/val/test _images and _labels)',
  input: 'path of the .npz file',
  options: [
    { name: 'classes', description: 'medmnist: comma-separated class names in label order (default 0,1,…)' },
    { name: 'task-kind', description: 'medmnist: single-label, multi-label or ordinal (default: from label shape)', choices: ['single-label', 'multi-label', 'ordinal'] },
  ],
  read(inputPath, options, context): DatasetDraft {
    const file = path.basename(inputPath);
    if (fs.statSync(inputPath).isDirectory()) {
      const found = fs.readdirSync(inputPath).filter((n) => n.endsWith('.npz'));
      throw new DatasetError(
        `${inputPath} is a folder; medmnist takes the .npz file itself` +
          (found.length ? ` (found here: ${found.slice(0, 5).join(', ')})` : ' (no .npz file in it)'),
      );
    }
    const arrays = readNpz(fs.readFileSync(inputPath), file);
    const records: DraftRecord[] = [];
    const extraFiles: DatasetDraft['extraFiles'] = [];
    let labelWidth: number | undefined;
    let maxLabel = 0;
    const splitsFound: string[] = [];
    for (const split of SPLITS) {
      const images = arrays.get(`${split}_images`);
      const labels = arrays.get(`${split}_labels`);
      if (!images && !labels) continue;
      if (!images || !labels) throw new CorruptFileError({ file }, `has ${split}_${images ? 'images' : 'labels'} without ${split}_${images ? 'labels' : 'images'}`);
      if (!images.dtype.endsWith('u1') || (images.shape.length !== 3 && images.shape.length !== 4)) {
        throw new CorruptFileError({ file }, `${split}_images must be uint8 N×H×W(×C), got ${images.dtype} (${images.shape.join(', ')})`);
      }
      const [n, height, width, channels = 1] = images.shape as [number, number, number, number?];
      const k = labels.shape.length === 1 ? 1 : labels.shape[1]!;
      if (labels.shape[0] !== n) throw new CorruptFileError({ file }, `${split}_labels has ${labels.shape[0]} rows for ${n} images`);
      if (labelWidth !== undefined && labelWidth !== k) throw new CorruptFileError({ file }, `label widths differ between splits (${labelWidth} vs ${k})`);
      labelWidth = k;
      splitsFound.push(split);
      const arrayPath = `arrays/${split}_images.npy`;
      extraFiles.push({ path: arrayPath, bytes: encodeNpy(images) });
      for (let i = 0; i < n; i++) {
        const values = Array.from({ length: k }, (_, j) => Number(labels.data[i * k + j]));
        const negative = values.find((v) => v < 0);
        if (negative !== undefined) {
          // Row numbers of an array are 0-based indices; say so rather than a spreadsheet row.
          throw new CorruptFileError({ file: `${file}:${split}_labels` }, `label ${negative} at index ${i} is negative (labels are class indices ≥ 0)`);
        }
        maxLabel = Math.max(maxLabel, ...values);
        records.push({
          id: `${split}-${i}`,
          image: { kind: 'array', path: arrayPath, index: i },
          width,
          height,
          channels,
          patientId: `${split}-${i}`,
          split,
          labels: { label: k === 1 ? values[0]! : values.map((v) => (v > 0 ? 1 : 0)) },
          origin: { file: `${file}:${split}_labels`, row: i },
        });
        if (i % 1000 === 0) context.progress(`reading ${split}`, i, n);
      }
    }
    if (labelWidth === undefined) throw new DatasetError(`${file}: no <split>_images / <split>_labels arrays found`);
    const kind = (options['task-kind'] as Task['kind'] | undefined) ?? (labelWidth > 1 ? 'multi-label' : 'single-label');
    const count = labelWidth > 1 ? labelWidth : maxLabel + 1;
    const classes = options['classes']?.split(',').map((c) => c.trim()) ?? Array.from({ length: count }, (_, i) => String(i));
    if (classes.length < count) throw new DatasetError(`--classes names ${classes.length} classes but labels go up to ${count - 1}`);
    return {
      id: path.basename(inputPath, '.npz'),
      dataRoot: '.',
      primaryTask: 'label',
      tasks: { label: { kind, classes } },
      notes: [
        `Imported from ${file} (splits: ${splitsFound.join(', ')}). MedMNIST has no patient ids: every image is its own patient group.`,
      ],
      records,
      extraFiles,
    };
  },
};
