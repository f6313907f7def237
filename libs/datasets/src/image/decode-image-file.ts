import * as fs from 'node:fs';
import { CorruptFileError, DatasetInputError, MissingImageError } from '../errors';
import { decodeDicom, decodeDicomMask, type DicomWindowing } from './dicom-codec';
import { imageFormatFromName, type ImageFileFormat } from './image-format';
import { decodeJpeg } from './jpeg-codec';
import { decodePng, decodePngLabels } from './png-codec';
import type { LabelMap, Raster } from './raster';

function readBytes(filePath: string, fileLabel: string): Uint8Array {
  try {
    return fs.readFileSync(filePath);
  } catch {
    throw new MissingImageError({ file: fileLabel }, filePath);
  }
}

function wrapDecodeError(error: unknown, fileLabel: string): never {
  if (error instanceof DatasetInputError) throw error;
  throw new CorruptFileError({ file: fileLabel }, (error as Error)?.message ?? String(error));
}

/** Decodes a PNG, JPEG or DICOM file into a raster in [0, 1]. */
export function decodeImageFile(
  filePath: string,
  format: ImageFileFormat,
  options: { windowing?: DicomWindowing; fileLabel?: string } = {},
): Raster {
  const fileLabel = options.fileLabel ?? filePath;
  const bytes = readBytes(filePath, fileLabel);
  try {
    if (format === 'png') return decodePng(bytes);
    if (format === 'jpeg') return decodeJpeg(bytes);
    const { width, height, channels, data } = decodeDicom(bytes, { windowing: options.windowing, fileLabel });
    return { width, height, channels, data };
  } catch (error) {
    return wrapDecodeError(error, fileLabel);
  }
}

/** Decodes a mask file (PNG label map or DICOM ROI) into a label map. */
export function decodeMaskFile(filePath: string, fileLabel = filePath): LabelMap {
  const bytes = readBytes(filePath, fileLabel);
  try {
    return imageFormatFromName(filePath) === 'dicom' ? decodeDicomMask(bytes, fileLabel) : decodePngLabels(bytes);
  } catch (error) {
    return wrapDecodeError(error, fileLabel);
  }
}
