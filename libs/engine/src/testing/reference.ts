/**
 * Naive float64 reference implementations, written directly from the definitions (TensorFlow's
 * conventions: NHWC, filters [KH, KW, Cin, Cout] or [KH, KW, C, multiplier]), independent of tfjs.
 * They are slow on purpose: plain loops over every index, so they are easy to check by reading.
 */

export type Padding = 'same' | 'valid' | number;
export type Pair = [number, number];
export type Shape4 = [number, number, number, number];

export interface WindowSpec {
  /** Window (filter) size [KH, KW]. */
  size: Pair;
  strides: Pair;
  dilations: Pair;
  pad: Padding;
  /** Rounding of the output size for numeric padding; TensorFlow truncates by default. */
  rounding?: 'floor' | 'ceil' | 'round';
}

/** Output size and leading padding of one spatial axis. */
export function axisGeometry(
  size: number,
  window: number,
  stride: number,
  dilation: number,
  pad: Padding,
  rounding: WindowSpec['rounding'] = 'floor',
): { out: number; before: number } {
  const effective = (window - 1) * dilation + 1;
  if (pad === 'valid') return { out: Math.ceil((size - effective + 1) / stride), before: 0 };
  if (pad === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + effective - size, 0);
    return { out, before: Math.floor(total / 2) };
  }
  const exact = (size + 2 * pad - effective) / stride + 1;
  const out = rounding === 'ceil' ? Math.ceil(exact) : rounding === 'round' ? Math.round(exact) : Math.floor(exact);
  return { out, before: pad };
}

export interface Geometry {
  outHeight: number;
  outWidth: number;
  top: number;
  left: number;
}

export function geometry(inHeight: number, inWidth: number, w: WindowSpec): Geometry {
  const rows = axisGeometry(inHeight, w.size[0], w.strides[0], w.dilations[0], w.pad, w.rounding);
  const cols = axisGeometry(inWidth, w.size[1], w.strides[1], w.dilations[1], w.pad, w.rounding);
  return { outHeight: rows.out, outWidth: cols.out, top: rows.before, left: cols.before };
}

export interface Array4 {
  shape: Shape4;
  values: Float64Array;
}

function array4(shape: Shape4): Array4 {
  return { shape, values: new Float64Array(shape[0] * shape[1] * shape[2] * shape[3]) };
}

const at = (shape: Shape4, a: number, b: number, c: number, d: number): number => ((a * shape[1] + b) * shape[2] + c) * shape[3] + d;

/** 2-D convolution y[b, oh, ow, co] = Σ_{kh, kw, ci} x[b, ih, iw, ci] · w[kh, kw, ci, co]; zero padding. */
export function conv2d(x: ArrayLike<number>, xShape: Shape4, w: ArrayLike<number>, wShape: Shape4, spec: Omit<WindowSpec, 'size'>): Array4 {
  const [B, H, W, C] = xShape;
  const [KH, KW, wc, CO] = wShape;
  if (wc !== C) throw new Error(`filter has ${wc} input channels, x has ${C}`);
  const g = geometry(H, W, { ...spec, size: [KH, KW] });
  const y = array4([B, g.outHeight, g.outWidth, CO]);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let co = 0; co < CO; co++) {
          let sum = 0;
          for (let kh = 0; kh < KH; kh++) {
            const ih = oh * spec.strides[0] - g.top + kh * spec.dilations[0];
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < KW; kw++) {
              const iw = ow * spec.strides[1] - g.left + kw * spec.dilations[1];
              if (iw < 0 || iw >= W) continue;
              for (let ci = 0; ci < C; ci++) sum += x[at(xShape, b, ih, iw, ci)]! * w[at(wShape, kh, kw, ci, co)]!;
            }
          }
          y.values[at(y.shape, b, oh, ow, co)] = sum;
        }
  return y;
}

/** Depthwise convolution: output channel c·M + m reads only input channel c, with filter w[kh, kw, c, m]. */
export function depthwiseConv2d(x: ArrayLike<number>, xShape: Shape4, w: ArrayLike<number>, wShape: Shape4, spec: Omit<WindowSpec, 'size'>): Array4 {
  const [B, H, W, C] = xShape;
  const [KH, KW, wc, M] = wShape;
  if (wc !== C) throw new Error(`filter has ${wc} channels, x has ${C}`);
  const g = geometry(H, W, { ...spec, size: [KH, KW] });
  const y = array4([B, g.outHeight, g.outWidth, C * M]);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < C; c++)
          for (let m = 0; m < M; m++) {
            let sum = 0;
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * spec.strides[0] - g.top + kh * spec.dilations[0];
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * spec.strides[1] - g.left + kw * spec.dilations[1];
                if (iw < 0 || iw >= W) continue;
                sum += x[at(xShape, b, ih, iw, c)]! * w[at(wShape, kh, kw, c, m)]!;
              }
            }
            y.values[at(y.shape, b, oh, ow, c * M + m)] = sum;
          }
  return y;
}

/**
 * The adjoints of conv2d (or of depthwiseConv2d): for an output gradient dy, the gradients with
 * respect to x and to w, accumulated term by term from the same index relation as the forward pass.
 */
export function convBackprop(
  x: ArrayLike<number>,
  xShape: Shape4,
  w: ArrayLike<number>,
  wShape: Shape4,
  dy: ArrayLike<number>,
  spec: Omit<WindowSpec, 'size'>,
  depthwise = false,
): { dx: Array4; dw: Array4 } {
  const [B, H, W, C] = xShape;
  const [KH, KW, , last] = wShape;
  const g = geometry(H, W, { ...spec, size: [KH, KW] });
  const CO = depthwise ? C * last : last;
  const dyShape: Shape4 = [B, g.outHeight, g.outWidth, CO];
  if (dy.length !== B * g.outHeight * g.outWidth * CO) throw new Error('dy has the wrong size');
  const dx = array4(xShape);
  const dw = array4(wShape);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * spec.strides[0] - g.top + kh * spec.dilations[0];
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * spec.strides[1] - g.left + kw * spec.dilations[1];
            if (iw < 0 || iw >= W) continue;
            for (let ci = 0; ci < C; ci++) {
              const xi = at(xShape, b, ih, iw, ci);
              const outs = depthwise ? last : CO;
              for (let j = 0; j < outs; j++) {
                const co = depthwise ? ci * last + j : j;
                const g0 = dy[at(dyShape, b, oh, ow, co)]!;
                const wi = at(wShape, kh, kw, ci, j);
                dx.values[xi]! += w[wi]! * g0;
                dw.values[wi]! += x[xi]! * g0;
              }
            }
          }
        }
  return { dx, dw };
}

/** Max pooling over the in-image part of each window (padding never wins). */
export function maxPool(x: ArrayLike<number>, xShape: Shape4, spec: WindowSpec): Array4 {
  return poolWalk(x, xShape, spec, (best) => best.value);
}

/**
 * The max-pool gradient: each window's dy goes to its first maximum in row-major order (the
 * smallest (h, w) among equal maxima), the convention of TensorFlow and of the tfjs cpu backend.
 */
export function maxPoolGrad(x: ArrayLike<number>, xShape: Shape4, dy: ArrayLike<number>, spec: WindowSpec): Array4 {
  const dx = array4(xShape);
  poolWalk(x, xShape, spec, (best, outIndex) => {
    dx.values[best.index]! += dy[outIndex]!;
    return best.value;
  });
  return dx;
}

function poolWalk(
  x: ArrayLike<number>,
  xShape: Shape4,
  spec: WindowSpec,
  visit: (best: { value: number; index: number }, outIndex: number) => number,
): Array4 {
  const [B, H, W, C] = xShape;
  const g = geometry(H, W, spec);
  const y = array4([B, g.outHeight, g.outWidth, C]);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < C; c++) {
          const best = { value: -Infinity, index: -1 };
          for (let kh = 0; kh < spec.size[0]; kh++) {
            const ih = oh * spec.strides[0] - g.top + kh * spec.dilations[0];
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < spec.size[1]; kw++) {
              const iw = ow * spec.strides[1] - g.left + kw * spec.dilations[1];
              if (iw < 0 || iw >= W) continue;
              const index = at(xShape, b, ih, iw, c);
              if (best.index < 0 || x[index]! > best.value) {
                best.value = x[index]!;
                best.index = index;
              }
            }
          }
          if (best.index < 0) throw new Error('a pooling window lies entirely in the padding');
          const outIndex = at(y.shape, b, oh, ow, c);
          y.values[outIndex] = visit(best, outIndex);
        }
  return y;
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** tf.gather semantics for one axis: out[..., k, ...] = x[..., indices[k], ...]. */
export function gather(x: ArrayLike<number>, xShape: readonly number[], indices: readonly number[], axis: number): { shape: number[]; values: Float64Array } {
  const outer = xShape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = xShape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = xShape[axis]!;
  const shape = [...xShape.slice(0, axis), indices.length, ...xShape.slice(axis + 1)];
  const values = new Float64Array(outer * indices.length * inner);
  for (let o = 0; o < outer; o++)
    indices.forEach((index, k) => {
      for (let i = 0; i < inner; i++) values[(o * indices.length + k) * inner + i] = x[(o * n + index) * inner + i]!;
    });
  return { shape, values };
}

/**
 * Unsorted segment sum: out[s, ...] = Σ_{r: ids[r] = s} x[r, ...], where the ids cover the leading
 * axes of x (any rank) and ids outside [0, numSegments) are dropped.
 */
export function segmentSum(x: ArrayLike<number>, ids: readonly number[], numSegments: number): Float64Array {
  const rowSize = x.length / ids.length;
  const out = new Float64Array(numSegments * rowSize);
  ids.forEach((s, r) => {
    if (s < 0 || s >= numSegments) return;
    for (let k = 0; k < rowSize; k++) out[s * rowSize + k]! += x[r * rowSize + k]!;
  });
  return out;
}

/** Transposes a rank-4 array by `perm` (e.g. NHWC → NCHW is [0, 3, 1, 2]). */
export function transpose4(values: ArrayLike<number>, shape: Shape4, perm: Shape4): Array4 {
  const outShape = perm.map((p) => shape[p]!) as Shape4;
  const out = array4(outShape);
  const s = strides(shape);
  const idx = [0, 0, 0, 0];
  for (idx[0] = 0; idx[0] < outShape[0]; idx[0]++)
    for (idx[1] = 0; idx[1] < outShape[1]; idx[1]++)
      for (idx[2] = 0; idx[2] < outShape[2]; idx[2]++)
        for (idx[3] = 0; idx[3] < outShape[3]; idx[3]++) {
          let from = 0;
          for (let k = 0; k < 4; k++) from += idx[k]! * s[perm[k]!]!;
          out.values[at(outShape, idx[0]!, idx[1]!, idx[2]!, idx[3]!)] = values[from]!;
        }
  return out;
}

/** Σ a ⊙ b in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot of ${a.length} and ${b.length} elements`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
