import { unzipSync, zipSync } from 'fflate';
import { CorruptFileError } from '../errors';
import { encodeNpy, parseNpy, type NpyArray } from './npy-codec';

/** Reads every array of an .npz (a zip of .npy files, stored or deflated) by name without '.npy'. */
export function readNpz(bytes: Uint8Array, fileLabel = 'arrays.npz'): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new CorruptFileError({ file: fileLabel }, `not a readable zip archive (${(error as Error).message})`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [name, content] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    arrays.set(name.slice(0, -4), parseNpy(content, `${fileLabel}:${name}`));
  }
  return arrays;
}

/** Writes arrays as an .npz (used by tests to build MedMNIST-like fixtures). */
export function writeNpz(arrays: Record<string, NpyArray>, compress = true): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(array);
  return zipSync(files, { level: compress ? 6 : 0 });
}
