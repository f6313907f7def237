/**
 * Convolution + bias + activation and max-pooling written out in float64 over plain arrays: the
 * independent reference the native kernels are checked against.
 */

export type Activation = 'linear' | 'relu' | 'sigmoid';

export interface ConvolutionCase {
  x: [number, number, number, number];
  /** [KH, KW, in, out] */
  filter: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid' | number;
  dilation: number;
  activation: Activation;
}

/** Output size and the padding before the first row/column, as TensorFlow resolves 'same' / 'valid' / p. */
export function resolvePadding(size: number, kernel: number, stride: number, dilation: number, pad: ConvolutionCase['pad']): { out: number; before: number } {
  const effective = (kernel - 1) * dilation + 1;
  if (pad === 'valid') return { out: Math.ceil((size - effective + 1) / stride), before: 0 };
  if (pad === 'same') {
    const out = Math.ceil(size / stride);
    return { out, before: Math.floor(Math.max((out - 1) * stride + effective - size, 0) / 2) };
  }
  return { out: Math.floor((size + 2 * pad - effective) / stride) + 1, before: pad };
}

const ACTIVATIONS: Record<Activation, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(z, 0),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
};

/** act(conv(x, w) + b) in float64, NHWC input, [KH, KW, in, out] filter; returns the output and its shape. */
export function referenceConvolution(c: ConvolutionCase, x: number[], w: number[], b: number[]): { y: number[]; shape: number[] } {
  const [batch, height, width, cin] = c.x;
  const [kh, kw, , cout] = c.filter;
  const rows = resolvePadding(height, kh, c.stride, c.dilation, c.pad);
  const cols = resolvePadding(width, kw, c.stride, c.dilation, c.pad);
  const y: number[] = [];
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let o = 0; o < cout; o++) {
          let z = b[o]!;
          for (let p = 0; p < kh; p++) {
            const r = i * c.stride + p * c.dilation - rows.before;
            if (r < 0 || r >= height) continue;
            for (let q = 0; q < kw; q++) {
              const s = j * c.stride + q * c.dilation - cols.before;
              if (s < 0 || s >= width) continue;
              for (let k = 0; k < cin; k++) z += x[((n * height + r) * width + s) * cin + k]! * w[((p * kw + q) * cin + k) * cout + o]!;
            }
          }
          y.push(ACTIVATIONS[c.activation](z));
        }
      }
    }
  }
  return { y, shape: [batch, rows.out, cols.out, cout] };
}

/**
 * Max-pooling of NHWC values [batch, height, width, channels] in float64, with tfjs's 'same' / 'valid'
 * / p paddings (padding never wins: it is −∞). Returns the output and its shape.
 */
export function referenceMaxPool(
  values: number[],
  shape: number[],
  size: number,
  stride: number,
  pad: 'same' | 'valid' | number,
): { y: number[]; shape: number[] } {
  const [batch, height, width, channels] = shape as [number, number, number, number];
  const rows = resolvePadding(height, size, stride, 1, pad);
  const cols = resolvePadding(width, size, stride, 1, pad);
  const y: number[] = [];
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let k = 0; k < channels; k++) {
          let best = -Infinity;
          for (let p = 0; p < size; p++) {
            const r = i * stride + p - rows.before;
            if (r < 0 || r >= height) continue;
            for (let q = 0; q < size; q++) {
              const s = j * stride + q - cols.before;
              if (s >= 0 && s < width) best = Math.max(best, values[((n * height + r) * width + s) * channels + k]!);
            }
          }
          y.push(best);
        }
      }
    }
  }
  return { y, shape: [batch, rows.out, cols.out, channels] };
}
