import * as fs from 'node:fs';
import { CorruptFileError, type DatasetInputError } from '../errors';
import { readDicomHeader } from './dicom-codec';
import type { ImageFileFormat } from './image-format';

export interface ImageSize {
  width: number;
  height: number;
  channels: number;
}

function readHead(filePath: string, bytes: number): Uint8Array {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function probePng(head: Uint8Array, file: string): ImageSize {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length < 26 || signature.some((b, i) => head[i] !== b)) throw new CorruptFileError({ file }, 'not a PNG (bad signature)');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const colorType = head[25]!;
  return { width: view.getUint32(16), height: view.getUint32(20), channels: colorType === 0 || colorType === 4 ? 1 : 3 };
}

function probeJpeg(head: Uint8Array, file: string): ImageSize {
  if (head[0] !== 0xff || head[1] !== 0xd8) throw new CorruptFileError({ file }, 'not a JPEG (no SOI marker)');
  let i = 2;
  while (i + 9 < head.length) {
    if (head[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = head[i + 1]!;
    const length = (head[i + 2]! << 8) | head[i + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      return { height: (head[i + 5]! << 8) | head[i + 6]!, width: (head[i + 7]! << 8) | head[i + 8]!, channels: head[i + 9]! >= 3 ? 3 : 1 };
    }
    i += 2 + length;
  }
  throw new CorruptFileError({ file }, 'JPEG without a frame header');
}

/** Reads an image's size from its header only (cheap enough to run over a whole dataset at import). */
export function probeImage(filePath: string, format: ImageFileFormat, fileLabel = filePath): ImageSize {
  try {
    if (format === 'png') return probePng(readHead(filePath, 64), fileLabel);
    if (format === 'jpeg') return probeJpeg(readHead(filePath, 256 * 1024), fileLabel);
    let head = readHead(filePath, 256 * 1024);
    try {
      const { width, height, channels } = readDicomHeader(head, fileLabel);
      return { width, height, channels };
    } catch {
      head = fs.readFileSync(filePath); // header longer than the first chunk
      const { width, height, channels } = readDicomHeader(head, fileLabel);
      return { width, height, channels };
    }
  } catch (error) {
    if ((error as DatasetInputError).file !== undefined) throw error;
    throw new CorruptFileError({ file: fileLabel }, (error as Error).message);
  }
}
