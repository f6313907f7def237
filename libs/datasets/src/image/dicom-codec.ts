import type * as dicomParser from 'dicom-parser';
import type { LabelMap, Raster } from './raster';
import { CorruptFileError, DatasetInputError, UnsupportedTransferSyntaxError } from '../errors';
import { byteCount } from '../dicom/byte-count';
import { ybrFullToRgb } from '../dicom/colour-space';
import { readEncapsulatedFrame } from '../dicom/encapsulated-frames';
import { readNativeFrame } from '../dicom/native-pixels';
import { CodecError, type DecodedFrame } from '../dicom/pixel-codec';
import { readPixelModule, samplesPerFrame, type PixelModule } from '../dicom/pixel-module';
import { parseDicomHeader } from '../dicom/parse-dicom-header';
import { findTransferSyntax, type TransferSyntax } from '../dicom/transfer-syntax-registry';

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
  bitsStored: number;
  signed: boolean;
  photometric: string;
  transferSyntaxUid: string;
  frames: number;
  patientId?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  laterality?: string;
  viewPosition?: string;
}

export interface DicomDecodeOptions {
  windowing?: DicomWindowing;
  /** The name used in error messages. */
  fileLabel?: string;
  /** Which frame of a multi-frame image, counted from 1 as DICOM does (default 1). */
  frame?: number;
}

const text = (ds: dicomParser.DataSet, tag: string) => ds.string(tag)?.replace(/\0/g, '').trim() || undefined;

function headerOf(ds: dicomParser.DataSet, pixel: PixelModule): DicomHeader {
  return {
    width: pixel.columns,
    height: pixel.rows,
    channels: pixel.samplesPerPixel,
    bitsAllocated: pixel.bitsAllocated,
    bitsStored: pixel.bitsStored,
    signed: pixel.signed,
    photometric: pixel.photometric,
    transferSyntaxUid: text(ds, 'x00020010') ?? '1.2.840.10008.1.2',
    frames: pixel.frames,
    patientId: text(ds, 'x00100020'),
    studyInstanceUid: text(ds, 'x0020000d'),
    seriesInstanceUid: text(ds, 'x0020000e'),
    sopInstanceUid: text(ds, 'x00080018'),
    laterality: text(ds, 'x00200062') ?? text(ds, 'x00200060'),
    viewPosition: text(ds, 'x00185101'),
  };
}

/** Reads only the header (stops at the pixel data): size, photometric, frames, ids. */
export function readDicomHeader(bytes: Uint8Array, fileLabel = 'DICOM file'): DicomHeader {
  const ds = parseDicomHeader(bytes, fileLabel);
  return headerOf(ds, readPixelModule(ds, fileLabel));
}

function syntaxOf(header: DicomHeader, file: string): TransferSyntax {
  const syntax = findTransferSyntax(header.transferSyntaxUid);
  if (!syntax) throw new UnsupportedTransferSyntaxError({ file }, header.transferSyntaxUid);
  return syntax;
}

interface StoredFrame {
  header: DicomHeader;
  pixel: PixelModule;
  /** Stored values with their sign, colour as RGB, H×W×C (rescale not yet applied). */
  values: Float32Array;
  dataSet: dicomParser.DataSet;
}

/** The chosen frame's samples, whichever the transfer syntax; every failure names the file. */
function readFrame(ds: dicomParser.DataSet, pixel: PixelModule, syntax: TransferSyntax, frame: number, file: string): DecodedFrame {
  const element = ds.elements['x7fe00010'];
  if (!element) throw new CorruptFileError({ file }, 'DICOM without Pixel Data (7FE0,0010)');
  const bytes = ds.byteArray;
  if (syntax.encoding.kind === 'native') {
    const needed = Math.ceil((samplesPerFrame(pixel) * pixel.frames * pixel.bitsAllocated * (pixel.photometric === 'YBR_FULL_422' ? 2 / 3 : 1)) / 8);
    const declaredEnd = element.dataOffset + element.length;
    if (element.length < needed) {
      throw new CorruptFileError(
        { file },
        `pixel data holds ${byteCount(element.length)} bytes, ${pixel.columns}×${pixel.rows}×${pixel.samplesPerPixel}` +
          `${pixel.frames > 1 ? `×${pixel.frames} frames` : ''} at ${pixel.bitsAllocated} bits needs ${byteCount(needed)}`,
      );
    }
    if (declaredEnd > bytes.length) {
      throw new CorruptFileError({ file }, `truncated: pixel data ends at byte ${byteCount(bytes.length)} of ${byteCount(declaredEnd)}`);
    }
    const data = bytes.subarray(element.dataOffset, declaredEnd);
    return readNativeFrame(data, pixel, frame, syntax.encoding.littleEndian, file, element.dataOffset);
  }
  const stream = readEncapsulatedFrame(bytes, element.dataOffset, frame, pixel.frames, file);
  try {
    const decoded = syntax.encoding.codec.decode(stream, pixel);
    const expected = samplesPerFrame(pixel);
    if (decoded.samples.length < expected) {
      throw new CodecError(`${syntax.encoding.codec.name} gave ${decoded.samples.length} samples, ${expected} expected`);
    }
    return decoded;
  } catch (error) {
    if (error instanceof CodecError) throw new CorruptFileError({ file }, `${syntax.name}: ${error.message}`);
    throw error;
  }
}

function readStoredFrame(bytes: Uint8Array, file: string, frameNumber = 1): StoredFrame {
  const ds = parseDicomHeader(bytes, file);
  const pixel = readPixelModule(ds, file);
  const header = headerOf(ds, pixel);
  const syntax = syntaxOf(header, file);
  if (!Number.isInteger(frameNumber) || frameNumber < 1 || frameNumber > pixel.frames) {
    throw new DatasetInputError({ file }, `frame ${frameNumber} requested but the image has ${pixel.frames} frame(s)`);
  }
  const decoded = readFrame(ds, pixel, syntax, frameNumber - 1, file);
  const count = samplesPerFrame(pixel);
  const values = new Float32Array(count);
  const { bitsStored, signed } = pixel;
  const signLimit = 2 ** (bitsStored - 1);
  const wrap = 2 ** bitsStored;
  for (let i = 0; i < count; i++) {
    const raw = decoded.samples[i]!;
    // Codecs that know nothing of signs (JPEG Lossless, JPEG-LS, native) give the two's complement pattern.
    values[i] = signed && raw >= signLimit ? raw - wrap : raw;
  }
  if (decoded.photometric === 'YBR_FULL' && pixel.samplesPerPixel === 3) ybrFullToRgb(values, bitsStored);
  return { header, pixel, values, dataSet: ds };
}

/** The VOI window applied: explicit, from the file, or the data's range. */
function chooseWindow(values: Float32Array, ds: dicomParser.DataSet, windowing: DicomWindowing): { low: number; high: number } {
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
 * Decodes a DICOM image to [0, 1], whatever its transfer syntax (see TRANSFER_SYNTAXES): the chosen
 * frame's stored values, sign, YBR → RGB, rescale slope/intercept, then the VOI window (linear),
 * then MONOCHROME1 inversion so that bright always means dense. Colour is scaled by Bits Stored.
 */
export function decodeDicom(bytes: Uint8Array, options: DicomDecodeOptions = {}): Raster & { header: DicomHeader } {
  const fileLabel = options.fileLabel ?? 'DICOM file';
  const { header, pixel, values, dataSet } = readStoredFrame(bytes, fileLabel, options.frame);
  const { width, height, channels } = header;
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  if (channels === 1 && (slope !== 1 || intercept !== 0)) {
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * slope + intercept;
  }
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
    const max = 2 ** pixel.bitsStored - 1;
    for (let i = 0; i < values.length; i++) data[i] = Math.min(1, Math.max(0, values[i]! / max));
  }
  return { width, height, channels, data, header };
}

/** The stored values of one frame after sign and colour conversion, before rescale and window (tests compare them with references). */
export function decodeDicomStoredValues(bytes: Uint8Array, options: { fileLabel?: string; frame?: number } = {}): { header: DicomHeader; values: Float32Array } {
  const { header, values } = readStoredFrame(bytes, options.fileLabel ?? 'DICOM file', options.frame);
  return { header, values };
}

/** Decodes a DICOM segmentation mask (e.g. CBIS-DDSM ROI): any stored value > 0 is foreground (255). */
export function decodeDicomMask(bytes: Uint8Array, fileLabel = 'DICOM mask'): LabelMap {
  const { header, values } = readStoredFrame(bytes, fileLabel);
  const n = header.width * header.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = values[i * header.channels]! > 0 ? 255 : 0;
  return { width: header.width, height: header.height, data };
}
