/**
 * Reading heat maps from artifacts: saliency maps are 16-bit heat-map PNGs (`decodeHeatmap` of
 * @protoscope/eval), prototype activation maps float32 .npy arrays. Artifacts are content-addressed
 * and never change, so decoded maps are cached by hash (a bounded number of them).
 */
import { parseNpy } from '@protoscope/datasets';
import { decodeHeatmap } from '@protoscope/render';
import type { Store } from '@protoscope/tracking';

export interface DecodedMap {
  map: Float32Array;
  height: number;
  width: number;
  scale?: 'unit' | 'signed';
  min: number;
  max: number;
}

export class HeatmapArtifacts {
  readonly #cache = new Map<string, Promise<DecodedMap>>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  /** A saliency heat map (heat-map PNG). */
  saliency(store: Store, hash: string): Promise<DecodedMap> {
    return this.#get(`png:${hash}`, async () => {
      const decoded = decodeHeatmap(await store.artifacts.get(hash));
      return { map: decoded.map, height: decoded.height, width: decoded.width, scale: decoded.scale, min: decoded.min, max: decoded.max };
    });
  }

  /** A prototype activation map (.npy, the last two axes are height × width). */
  activation(store: Store, hash: string): Promise<DecodedMap> {
    return this.#get(`npy:${hash}`, async () => {
      const array = parseNpy(await store.artifacts.get(hash), `artifact ${hash}`);
      const height = array.shape.length >= 2 ? array.shape[array.shape.length - 2]! : 1;
      const width = array.shape[array.shape.length - 1] ?? array.data.length;
      const map = Float32Array.from(array.data.subarray(0, height * width) as ArrayLike<number>);
      let min = Infinity;
      let max = -Infinity;
      for (const v of map) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return { map, height, width, min, max };
    });
  }

  #get(key: string, load: () => Promise<DecodedMap>): Promise<DecodedMap> {
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = load();
      entry.catch(() => this.#cache.delete(key));
      this.#cache.set(key, entry);
      while (this.#cache.size > this.#capacity) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return entry;
  }
}

/**
 * Values in [0, 1] for colour-mapping: maps marked 'unit' (or unmarked and already within [0, 1]) as
 * they are, others (raw, signed attributions) stretched from [min, max].
 */
export function toUnitRange(decoded: DecodedMap): Float32Array {
  const unit = decoded.scale === 'unit' || (decoded.scale === undefined && decoded.min >= 0 && decoded.max <= 1);
  if (unit) return decoded.map;
  const range = decoded.max - decoded.min;
  return decoded.map.map((v) => (range > 0 ? (v - decoded.min) / range : 0));
}
