import * as fs from 'node:fs';
import { CorruptFileError, MissingImageError } from '../errors';
import { parseNpy, type NpyArray } from '../image/npy-codec';
import type { Raster } from '../image/raster';

/** Keeps .npy image arrays in memory once read, and cuts single images out of them. */
export class ArrayStore {
  private readonly arrays = new Map<string, NpyArray>();

  get(filePath: string, fileLabel = filePath): NpyArray {
    let array = this.arrays.get(filePath);
    if (!array) {
      if (!fs.existsSync(filePath)) throw new MissingImageError({ file: fileLabel }, filePath);
      array = parseNpy(fs.readFileSync(filePath), fileLabel);
      if (array.shape.length !== 3 && array.shape.length !== 4) {
        throw new CorruptFileError({ file: fileLabel }, `expected N×H×W or N×H×W×C images, got shape (${array.shape.join(', ')})`);
      }
      this.arrays.set(filePath, array);
    }
    return array;
  }

  /** Image `index` as a raster; integer arrays are scaled by their type's maximum, floats kept. */
  image(filePath: string, index: number, fileLabel = filePath): Raster {
    const array = this.get(filePath, fileLabel);
    const [n, height, width, channels = 1] = array.shape as [number, number, number, number?];
    if (index >= n) throw new CorruptFileError({ file: fileLabel }, `has ${n} images, record asks for index ${index}`);
    const size = height * width * channels;
    const scale = array.dtype.endsWith('u1') ? 255 : array.dtype.endsWith('u2') ? 65535 : 1;
    const data = new Float32Array(size);
    const offset = index * size;
    for (let i = 0; i < size; i++) data[i] = Number(array.data[offset + i]) / scale;
    return { width, height, channels, data };
  }
}
