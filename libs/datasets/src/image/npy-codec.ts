import { CorruptFileError } from '../errors';

/** A NumPy array read from a .npy file: shape, dtype and values as a typed array. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  data: Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type TypedCtor = new (buffer: ArrayBuffer, offset: number, length: number) => NpyArray['data'];
const DTYPES: Record<string, { ctor: TypedCtor; size: number }> = {
  u1: { ctor: Uint8Array, size: 1 },
  i1: { ctor: Int8Array, size: 1 },
  b1: { ctor: Uint8Array, size: 1 },
  u2: { ctor: Uint16Array, size: 2 },
  i2: { ctor: Int16Array, size: 2 },
  u4: { ctor: Uint32Array, size: 4 },
  i4: { ctor: Int32Array, size: 4 },
  f4: { ctor: Float32Array, size: 4 },
  f8: { ctor: Float64Array, size: 8 },
};

/**
 * Parses a .npy file (format versions 1–3, little-endian numeric dtypes, C order). The header is a
 * Python dict literal such as {'descr': '<u1', 'fortran_order': False, 'shape': (2428, 28, 28), }.
 */
export function parseNpy(bytes: Uint8Array, fileLabel = 'array.npy'): NpyArray {
  const corrupt = (detail: string): never => {
    throw new CorruptFileError({ file: fileLabel }, detail);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) corrupt('missing the \\x93NUMPY magic');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) corrupt('header runs past the end of the file');
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return corrupt(`unreadable header ${header.trim()}`);
  if (fortran === 'True') corrupt('Fortran-ordered arrays are not supported');
  const endian = descr[0];
  const key = descr.slice(1);
  const dtype = DTYPES[key];
  if (!dtype || endian === '>') return corrupt(`unsupported dtype '${descr}'`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (dataStart + count * dtype.size > bytes.length) corrupt(`data is shorter than shape (${shape.join(', ')}) needs`);
  // Copy so the typed array is aligned regardless of the header length.
  const copy = new Uint8Array(count * dtype.size);
  copy.set(bytes.subarray(dataStart, dataStart + count * dtype.size)); // (Buffer.slice would share memory)
  return { dtype: descr, shape, data: new dtype.ctor(copy.buffer, 0, count) };
}

/** Writes a .npy (version 1.0) file from a typed array. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const descr = array.dtype;
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(10 + headerBytes.length + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  out.set(body, 10 + headerBytes.length);
  return out;
}
