import type { DecodedSample } from './decode-record';

function sizeOf(sample: DecodedSample): number {
  return sample.image.data.byteLength + (sample.lesionMap?.data.byteLength ?? 0) + (sample.partMap?.data.byteLength ?? 0);
}

/**
 * Decoded samples by key (record id + output size), least recently used evicted beyond `maxBytes`:
 * epoch 2 reuses epoch 1's decodes. The counters let callers (and tests) see hits and decodes.
 */
export class DecodeCache {
  private readonly entries = new Map<string, DecodedSample>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes = 2 * 1024 ** 3) {}

  getOrDecode(key: string, decode: () => DecodedSample): DecodedSample {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const sample = decode();
    const size = sizeOf(sample);
    if (size <= this.maxBytes) {
      this.entries.set(key, sample);
      this.bytes += size;
      for (const [oldKey, old] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(oldKey);
        this.bytes -= sizeOf(old);
      }
    }
    return sample;
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
