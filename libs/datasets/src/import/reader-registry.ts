import { DatasetOptionError } from '../errors';
import { cbisDdsmReader } from '../readers/cbis-ddsm';
import { chestXray14Reader } from '../readers/chestxray14';
import { chexpertReader } from '../readers/chexpert';
import { cub200Reader } from '../readers/cub-200-2011';
import { dicomwebReader } from '../readers/dicomweb';
import { genericFolderReader } from '../readers/generic-folder';
import { medmnistReader } from '../readers/medmnist';
import { vindrMammoReader } from '../readers/vindr-mammo';
import type { DatasetReader } from './dataset-reader';

/** Every import format. A new format is one file in readers/ and one line here. */
export const DATASET_READERS: readonly DatasetReader[] = [
  medmnistReader,
  cbisDdsmReader,
  vindrMammoReader,
  chestXray14Reader,
  chexpertReader,
  cub200Reader,
  genericFolderReader,
  dicomwebReader,
];

export function getReader(format: string): DatasetReader {
  const reader = DATASET_READERS.find((r) => r.format === format);
  if (!reader) throw new DatasetOptionError(`unknown import format '${format}' (known: ${DATASET_READERS.map((r) => r.format).join(', ')})`);
  return reader;
}
