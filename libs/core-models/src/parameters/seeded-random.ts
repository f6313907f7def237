/**
 * Seeded random numbers for weight initialisation. Every parameter draws from its own stream, keyed by
 * (seed, parameter name), so a model's weights do not depend on the order its layers were built in.
 * Generated in JavaScript rather than by tfjs's random ops, so the values are the same on every backend.
 */

// Bound once: under Jest, every `Math.x` lookup costs ~0.5 µs (its realm's Math is slow to read), which
// made initialising ResNet-18 take half a minute; a captured function is as fast as anywhere.
const { imul, sqrt, log, sin, cos, PI } = Math;

/** FNV-1a over the UTF-16 code units of `text`: small, stable across platforms and releases. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The 32-bit stream key of one parameter: any safe-integer seed, any name. */
export function streamKey(seed: number, name: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return stableHash(`${seed}\u0000${name}`);
}

export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** A SplitMix32-style generator; good enough statistically for initial weights, and fast. */
export function seededRandom(key: number): SeededRandom {
  let state = key >>> 0;
  const uniform = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    const radius = sqrt(-2 * log(u1));
    spare = radius * sin(2 * PI * u2);
    return radius * cos(2 * PI * u2);
  };
  return { uniform, normal };
}
