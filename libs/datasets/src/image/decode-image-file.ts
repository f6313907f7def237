import * as fs from 'node:fs';
import { CorruptFileError, DatasetInputError, MissingImageError } from '../errors';
import { decodeDicom, decodeDicomMask, type DicomWindowing } from './dicom-codec';
import { imageFormatFromName, type ImageFileFormat } from './image-format';
import { checkJpegStructure, checkPngStructure } from './image-structure';
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

/** PNG and JPEG libraries throw their own wording: keep it inside our sentence, never an object dump. */
function wrapDecodeError(error: unknown, fileLabel: string): never {
  if (error instanceof DatasetInputError) throw error;
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  // pngjs speaks of its streams; say what it means for the file.
  const detail = /finished stream|end of stream|unexpected end/i.test(raw)
    ? 'the compressed image data is truncated or damaged'
    : raw || 'the decoder failed';
  throw new CorruptFileError({ file: fileLabel }, detail);
}

/** Decodes a PNG, JPEG or DICOM file into a raster in [0, 1]. */
export function decodeImageFile(
  filePath: string,
  format: ImageFileFormat,
  options: { windowing?: DicomWindowing; fileLabel?: string; frame?: number } = {},
): Raster {
  const fileLabel = options.fileLabel ?? filePath;
  const bytes = readBytes(filePath, fileLabel);
  try {
    if (format === 'png') {
      checkPngStructure(bytes);
      return decodePng(bytes);
    }
    if (format === 'jpeg') {
      checkJpegStructure(bytes);
      return decodeJpeg(bytes);
    }
    const { width, height, channels, data } = decodeDicom(bytes, { windowing: options.windowing, fileLabel, frame: options.frame });
    return { width, height, channels, data };
  } catch (error) {
    return wrapDecodeError(error, fileLabel);
  }
}

/** Decodes a mask file (PNG label map or DICOM ROI) into a label map. */
export function decodeMaskFile(filePath: string, fileLabel = filePath): LabelMap {
  const bytes = readBytes(filePath, fileLabel);
  try {
    if (imageFormatFromName(filePath) === 'dicom') return decodeDicomMask(bytes, fileLabel);
    checkPngStructure(bytes);
    return decodePngLabels(bytes);
  } catch (error) {
    return wrapDecodeError(error, fileLabel);
  }
}
