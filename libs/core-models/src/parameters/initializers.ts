import type { SeededRandom } from './seeded-random';

/** Fills a parameter of the given shape; deterministic initialisers ignore `random`. */
export interface Initializer {
  /** For error messages and model summaries, e.g. `he-normal(fan_out, gain 1.414)`. */
  readonly description: string;
  sample(shape: readonly number[], random: SeededRandom): Float32Array;
}

export type FanMode = 'fan_in' | 'fan_out';

/**
 * Fans in PyTorch's sense for our layouts: a conv filter [kh, kw, in, out] has fan_in = kh·kw·in and
 * fan_out = kh·kw·out; a dense weight [in, out] has fan_in = in, fan_out = out; a vector has both = length.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2]!, fanOut: receptive * shape[shape.length - 1]! };
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function fill(shape: readonly number[], draw: () => number): Float32Array {
  const values = new Float32Array(size(shape));
  for (let i = 0; i < values.length; i++) values[i] = draw();
  return values;
}

function uniform(low: number, high: number): Initializer {
  if (!(high > low)) throw new RangeError(`uniform(${low}, ${high}): the upper bound must exceed the lower`);
  return {
    description: `uniform(${low}, ${high})`,
    sample: (shape, random) => fill(shape, () => low + (high - low) * random.uniform()),
  };
}

/**
 * Kaiming/He normal: N(0, gain²/fan). gain √2 suits ReLU; torchvision's ResNet uses mode fan_out,
 * ProtoPNet's add-on layers too.
 */
function heNormal(options: { mode?: FanMode; gain?: number } = {}): Initializer {
  const mode = options.mode ?? 'fan_in';
  const gain = options.gain ?? Math.SQRT2;
  return {
    description: `he-normal(${mode}, gain ${gain.toFixed(3)})`,
    sample: (shape, random) => {
      const { fanIn, fanOut } = fans(shape);
      const std = gain / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
      return fill(shape, () => std * random.normal());
    },
  };
}

/** Glorot/Xavier uniform: U(−l, l) with l = √(6 / (fan_in + fan_out)). */
function glorotUniform(): Initializer {
  return {
    description: 'glorot-uniform',
    sample: (shape, random) => {
      const { fanIn, fanOut } = fans(shape);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return fill(shape, () => limit * (2 * random.uniform() - 1));
    },
  };
}

/** PyTorch's default for Linear weights and biases: U(−1/√fan_in, 1/√fan_in) of the weight's fan_in. */
function fanInUniform(fanIn: number): Initializer {
  const bound = 1 / Math.sqrt(fanIn);
  return { ...uniform(-bound, bound), description: `fan-in-uniform(${fanIn})` };
}

function constant(value: number): Initializer {
  return { description: `constant(${value})`, sample: (shape) => new Float32Array(size(shape)).fill(value) };
}

export const initializers = {
  heNormal,
  glorotUniform,
  uniform,
  fanInUniform,
  constant,
  zeros: (): Initializer => ({ ...constant(0), description: 'zeros' }),
  ones: (): Initializer => ({ ...constant(1), description: 'ones' }),
};
