import type * as dicomParser from 'dicom-parser';
import { CorruptFileError, DatasetInputError } from '../errors';

/** The Image Pixel module: how the stored samples are laid out (PS3.3 C.7.6.3). */
export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** Upper-case, e.g. MONOCHROME2, RGB, YBR_FULL_422. */
  photometric: string;
  /** 1 = colour planes one after another (RRR…GGG…BBB…). */
  planarConfiguration: number;
  frames: number;
}

/** Reads and checks the pixel module of a parsed header; anything unusable is named. */
export function readPixelModule(ds: dicomParser.DataSet, file: string): PixelModule {
  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  if (!rows || !columns) throw new CorruptFileError({ file }, 'DICOM without Rows/Columns: not an image');
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const photometric = (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  const framesText = ds.string('x00280008')?.trim();
  const frames = framesText ? Number(framesText) : 1;
  if (![1, 3].includes(samplesPerPixel)) {
    throw new DatasetInputError({ file }, `DICOM Samples per Pixel ${samplesPerPixel} is not supported (1 or 3)`);
  }
  if (![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new DatasetInputError({ file }, `DICOM Bits Allocated ${bitsAllocated} is not supported (1, 8, 16 or 32)`);
  }
  if (!(bitsStored >= 1 && bitsStored <= bitsAllocated)) {
    throw new CorruptFileError({ file }, `DICOM Bits Stored ${bitsStored} does not fit Bits Allocated ${bitsAllocated}`);
  }
  if (photometric === 'PALETTE COLOR') {
    throw new DatasetInputError({ file }, 'DICOM PALETTE COLOR images are not supported (their colours are in lookup tables); convert to RGB first');
  }
  if (!Number.isInteger(frames) || frames < 1) throw new CorruptFileError({ file }, `DICOM Number of Frames '${framesText}' is not a positive integer`);
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    signed: ds.uint16('x00280103') === 1,
    photometric,
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    frames,
  };
}

/** Samples in one frame. */
export function samplesPerFrame(pixel: PixelModule): number {
  return pixel.rows * pixel.columns * pixel.samplesPerPixel;
}
