import * as zlib from 'node:zlib';
import { byteCount } from '../dicom/byte-count';

/** A structural defect found before handing bytes to a decoder library; the message is one sentence. */
export class ImageStructureError extends Error {
  override name = 'ImageStructureError';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** zlib.crc32 exists from Node 20.15; older runtimes leave the CRC to pngjs. */
const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * Walks a PNG's chunks (signature, then length/type/data/CRC up to IEND): a chunk that runs past
 * the end, a missing IEND or a CRC that does not match is named with its byte position. pngjs
 * would report these as stream events ("read requests waiting on finished stream").
 */
export function checkPngStructure(bytes: Uint8Array): void {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new ImageStructureError('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  for (;;) {
    if (at + 8 > bytes.length) throw new ImageStructureError(`truncated: PNG data ends at byte ${byteCount(bytes.length)} before its IEND chunk`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) throw new ImageStructureError(`truncated: PNG chunk ${type} ends at byte ${byteCount(bytes.length)} of ${byteCount(end)}`);
    if (crc32 && crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0 !== view.getUint32(at + 8 + length)) {
      throw new ImageStructureError(`bad CRC in PNG chunk ${type} at byte ${byteCount(at)} (the file is damaged)`);
    }
    if (type === 'IEND') return;
    at = end;
  }
}

/**
 * A JPEG must start with SOI and end with EOI (FFD9; trailing padding allowed). jpeg-js decodes
 * some truncated files into grey, so a missing EOI is refused here.
 */
export function checkJpegStructure(bytes: Uint8Array): void {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageStructureError('not a JPEG (no start-of-image marker)');
  let end = bytes.length;
  while (end > 2 && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) {
    throw new ImageStructureError(`truncated: JPEG data ends at byte ${byteCount(bytes.length)} without its end-of-image marker`);
  }
}
