import * as dicomParser from 'dicom-parser';
import type { LabelMap, Raster } from './raster';
import { CorruptFileError, DatasetInputError, UnsupportedTransferSyntaxError } from '../errors';

/** Uncompressed transfer syntaxes whose pixel data we read directly. */
const NATIVE_SYNTAXES: Record<string, { littleEndian: boolean }> = {
  '1.2.840.10008.1.2': { littleEndian: true }, // Implicit VR Little Endian
  '1.2.840.10008.1.2.1': { littleEndian: true }, // Explicit VR Little Endian
  '1.2.840.10008.1.2.2': { littleEndian: false }, // Explicit VR Big Endian (retired)
};

/** Names of the compressed syntaxes users meet, for the refusal message. */
const COMPRESSED_SYNTAX_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** How to map stored values to [0, 1]. */
export type DicomWindowing =
  /** The file's first Window Center/Width if present, otherwise the image's own min..max. */
  | 'auto'
  /** Always min..max of the (rescaled) pixel values. */
  | 'min-max'
  | { center: number; width: number };

export interface DicomHeader {
  width: number;
  height: number;
  channels: number;
  bitsAllocated: number;
  photometric: string;
  transferSyntaxUid: string;
  patientId?: string;
  studyInstanceUid?: string;
  laterality?: string;
  viewPosition?: string;
}

export interface DicomDecodeOptions {
  windowing?: DicomWindowing;
  /** The name used in error messages. */
  fileLabel?: string;
}

function parse(bytes: Uint8Array, fileLabel: string, untilTag?: string): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, untilTag ? { untilTag } : undefined);
  } catch (error) {
    const detail = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
    throw new CorruptFileError({ file: fileLabel }, `DICOM parse failed: ${detail}`);
  }
}

function readHeader(ds: dicomParser.DataSet, fileLabel: string): DicomHeader {
  const transferSyntaxUid = (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const width = ds.uint16('x00280011');
  const height = ds.uint16('x00280010');
  if (!width || !height) throw new CorruptFileError({ file: fileLabel }, 'DICOM without Rows/Columns: not an image');
  return {
    width,
    height,
    channels: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100') ?? 16,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
    transferSyntaxUid,
    patientId: ds.string('x00100020')?.trim() || undefined,
    studyInstanceUid: ds.string('x0020000d')?.trim() || undefined,
    laterality: (ds.string('x00200062') ?? ds.string('x00200060'))?.trim() || undefined,
    viewPosition: ds.string('x00185101')?.trim() || undefined,
  };
}

/** Reads only the header (stops before the pixel data): size, photometric, ids. */
export function readDicomHeader(bytes: Uint8Array, fileLabel = 'DICOM file'): DicomHeader {
  return readHeader(parse(bytes, fileLabel, 'x7fe00010'), fileLabel);
}

interface StoredPixels {
  header: DicomHeader;
  /** Rescaled values (slope/intercept applied), H×W×C. */
  values: Float32Array;
  dataSet: dicomParser.DataSet;
}

function readStoredPixels(bytes: Uint8Array, fileLabel: string): StoredPixels {
  const ds = parse(bytes, fileLabel);
  const header = readHeader(ds, fileLabel);
  const syntax = NATIVE_SYNTAXES[header.transferSyntaxUid];
  if (!syntax) {
    throw new UnsupportedTransferSyntaxError(
      { file: fileLabel },
      header.transferSyntaxUid,
      COMPRESSED_SYNTAX_NAMES[header.transferSyntaxUid] ?? 'unknown transfer syntax',
    );
  }
  const element = ds.elements['x7fe00010'];
  if (!element) throw new CorruptFileError({ file: fileLabel }, 'DICOM without Pixel Data (7FE0,0010)');
  const { width, height, channels, bitsAllocated } = header;
  const count = width * height * channels;
  const bytesPer = bitsAllocated / 8;
  if (![1, 2, 4].includes(bytesPer)) {
    throw new DatasetInputError({ file: fileLabel }, `DICOM Bits Allocated ${bitsAllocated} is not supported (8, 16 or 32)`);
  }
  if (element.length < count * bytesPer || element.dataOffset + count * bytesPer > bytes.length) {
    throw new CorruptFileError(
      { file: fileLabel },
      `pixel data holds ${element.length} bytes, ${width}×${height}×${channels} at ${bitsAllocated} bits needs ${count * bytesPer}`,
    );
  }
  const signed = ds.uint16('x00280103') === 1;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, count * bytesPer);
  const values = new Float32Array(count);
  const planar = channels > 1 && ds.uint16('x00280006') === 1;
  const mask = bitsStored < 32 ? 2 ** bitsStored - 1 : 0xffffffff;
  for (let i = 0; i < count; i++) {
    let raw: number;
    if (bytesPer === 1) raw = view.getUint8(i);
    else if (bytesPer === 2) raw = view.getUint16(i * 2, syntax.littleEndian);
    else raw = view.getUint32(i * 4, syntax.littleEndian);
    if (bitsStored < bitsAllocated) raw &= mask;
    if (signed && raw >= 2 ** (bitsStored - 1)) raw -= 2 ** bitsStored;
    // Planar configuration 1 stores RRR…GGG…BBB…: interleave as we go.
    const target = planar ? (i % (width * height)) * channels + Math.floor(i / (width * height)) : i;
    values[target] = raw * slope + intercept;
  }
  return { header, values, dataSet: ds };
}

/** The VOI window applied: explicit, from the file, or the data's range. */
function chooseWindow(
  values: Float32Array,
  ds: dicomParser.DataSet,
  windowing: DicomWindowing,
): { low: number; high: number } {
  if (typeof windowing === 'object') {
    return { low: windowing.center - windowing.width / 2, high: windowing.center + windowing.width / 2 };
  }
  if (windowing === 'auto') {
    const center = ds.floatString('x00281050');
    const width = ds.floatString('x00281051');
    if (center !== undefined && width !== undefined && width > 0) {
      return { low: center - width / 2, high: center + width / 2 };
    }
  }
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return { low, high: high > low ? high : low + 1 };
}

/**
 * Decodes an uncompressed DICOM image to [0, 1]: rescale slope/intercept, then the VOI window
 * (linear), then MONOCHROME1 inversion so that bright always means dense. 8/16/32-bit, signed or
 * not, little or big endian, first frame only. Compressed syntaxes are refused with a message
 * saying how to decompress.
 */
export function decodeDicom(bytes: Uint8Array, options: DicomDecodeOptions = {}): Raster & { header: DicomHeader } {
  const fileLabel = options.fileLabel ?? 'DICOM file';
  const { header, values, dataSet } = readStoredPixels(bytes, fileLabel);
  const { width, height, channels } = header;
  const data = new Float32Array(values.length);
  if (channels === 1) {
    const { low, high } = chooseWindow(values, dataSet, options.windowing ?? 'auto');
    const span = high - low;
    const invert = header.photometric === 'MONOCHROME1';
    for (let i = 0; i < values.length; i++) {
      const v = Math.min(1, Math.max(0, (values[i]! - low) / span));
      data[i] = invert ? 1 - v : v;
    }
  } else {
    const max = header.bitsAllocated === 8 ? 255 : 2 ** header.bitsAllocated - 1;
    for (let i = 0; i < values.length; i++) data[i] = Math.min(1, Math.max(0, values[i]! / max));
  }
  return { width, height, channels, data, header };
}

/** Decodes a DICOM segmentation mask (e.g. CBIS-DDSM ROI): any stored value > 0 is foreground (255). */
export function decodeDicomMask(bytes: Uint8Array, fileLabel = 'DICOM mask'): LabelMap {
  const { header, values } = readStoredPixels(bytes, fileLabel);
  const n = header.width * header.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = values[i * header.channels]! > 0 ? 255 : 0;
  return { width: header.width, height: header.height, data };
}
