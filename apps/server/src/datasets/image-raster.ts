/**
 * Decoding one image of a dataset at its native size (PNG, JPEG, DICOM file, or a row of an .npy
 * array) and its lesion masks, for the image, mask, overlay and patch endpoints.
 */
import * as fs from 'node:fs';
import {
  CorruptFileError,
  MissingImageError,
  decodeImageFile,
  decodeMaskFile,
  parseNpy,
  resolveDataPath,
  type ImageRecord,
  type LabelMap,
  type Lesion,
  type OpenedDataset,
  type Raster,
} from '@protoscope/datasets';

export function decodeImage(dataset: OpenedDataset, record: ImageRecord): Raster {
  if (record.image.kind === 'file') {
    return decodeImageFile(resolveDataPath(dataset, record.image.path), record.image.format, { fileLabel: record.image.path });
  }
  const file = resolveDataPath(dataset, record.image.path);
  if (!fs.existsSync(file)) throw new MissingImageError({ file: record.image.path }, file);
  const array = parseNpy(fs.readFileSync(file), record.image.path);
  const [n, height, width, channels = 1] = array.shape as [number, number, number, number?];
  if (array.shape.length < 3 || record.image.index >= n) {
    throw new CorruptFileError({ file: record.image.path }, `has shape (${array.shape.join(', ')}); record ${record.id} asks for index ${record.image.index}`);
  }
  const size = height * width * channels;
  const scale = array.dtype.endsWith('u1') ? 255 : array.dtype.endsWith('u2') ? 65535 : 1;
  const data = new Float32Array(size);
  const offset = record.image.index * size;
  for (let i = 0; i < size; i++) data[i] = Number(array.data[offset + i]) / scale;
  return { width, height, channels, data };
}

/** The lesion's mask as 0/1 at the image's size, or undefined when the lesion has no mask. */
export function decodeLesionMask(dataset: OpenedDataset, lesion: Lesion): LabelMap | undefined {
  if (!lesion.mask) return undefined;
  const map = decodeMaskFile(resolveDataPath(dataset, lesion.mask.path), lesion.mask.path);
  const wanted = lesion.mask.value;
  const data = new Uint8Array(map.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (wanted === undefined ? map.data[i]! !== 0 : map.data[i] === wanted) ? 1 : 0;
  return { width: map.width, height: map.height, data };
}

/** 1 or 3 channels, as PNG encoders and the overlay renderer want (alpha dropped, 2 channels → grey). */
export function toGreyOrRgb(raster: Raster): Raster & { channels: 1 | 3 } {
  if (raster.channels === 1 || raster.channels === 3) return raster as Raster & { channels: 1 | 3 };
  const pixels = raster.width * raster.height;
  if (raster.channels === 4) {
    const data = new Float32Array(pixels * 3);
    for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = raster.data[i * 4 + c]!;
    return { width: raster.width, height: raster.height, channels: 3, data };
  }
  const data = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) data[i] = raster.data[i * raster.channels]!;
  return { width: raster.width, height: raster.height, channels: 1, data };
}
