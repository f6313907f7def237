import type { LayerGeometry } from '../layers/layer';

/**
 * Receptive fields of a conv/pool stack, per axis (rows and columns are independent).
 *
 * ProtoPNet's layer-wise arithmetic. Per spatial layer with kernel k, stride s, dilation d (effective
 * kernel k' = d·(k − 1) + 1) and leading padding p, starting from the input (n = size, j = 1, r = 1,
 * start = 0.5, i.e. pixel i has its centre at i + 0.5):
 *
 *   n_out     = ⌊(n + 2p − k') / s⌋ + 1     (numeric padding; 'valid': p = 0; 'same': n_out = ⌈n / s⌉ and
 *                                            p = ⌊max((n_out − 1)·s + k' − n, 0) / 2⌋, TensorFlow's split)
 *   j_out     = j · s                       (jump: input pixels between neighbouring cells)
 *   r_out     = r + (k' − 1) · j            (size of one cell's field)
 *   start_out = start + ((k' − 1)/2 − p)·j  (centre of cell 0's field)
 *
 * ProtoPNet's box for cell i: c = start + i·j, [max(c − r/2, 0), min(c + r/2, n_input)), half-open
 * (`formulaBox`; c − r/2 is always an integer).
 *
 * `box` is the exact hull instead: each layer's cell takes the union of the boxes of the cells of the
 * layer below that its kernel taps, skipping taps that fall in padding. The two agree except where a
 * padded tap stands for a cell that would have seen real pixels no actual cell sees — input pixels
 * dropped by a 'valid' stride (8 px through 3×3/2 valid leaves pixel 7 unseen; a padded conv after
 * it would claim it) — or the holes between dilated taps. Tested against perturbing single pixels.
 * Residual shortcuts are not listed: their field lies inside the main path's.
 */
export interface AxisReceptiveField {
  inputLength: number;
  outputLength: number;
  jump: number;
  size: number;
  start: number;
  /** Exact half-open [first, end) input range of each output cell. */
  cells: [number, number][];
}

/** A pixel box, half-open: rows hStart ≤ y < hEnd, columns wStart ≤ x < wEnd (ProtoPNet's column order). */
export interface PixelBox {
  hStart: number;
  hEnd: number;
  wStart: number;
  wEnd: number;
}

export interface ReceptiveField {
  inputSize: [number, number];
  outputSize: [number, number];
  /** Jump and field size are the same on both axes (square kernels, equal strides). */
  jump: number;
  size: number;
  /** Centre of cell (0, 0)'s field, per axis, in pixel-centre coordinates. */
  start: [number, number];
  /** The exact input box output cell (row, col) responds to. */
  box(row: number, col: number): PixelBox;
  /** ProtoPNet's clipped-formula box (equal to `box` except in the cases described above). */
  formulaBox(row: number, col: number): PixelBox;
  /** Every cell's exact box, [row][col]. */
  boxes(): PixelBox[][];
}

/** The input is too small for the network's downsampling. */
export class InputTooSmallError extends Error {
  override name = 'InputTooSmallError';
}

function leadingPad(layer: LayerGeometry, n: number, effectiveKernel: number): { pad: number; out: number } {
  const { stride, padding } = layer;
  if (padding === 'same') {
    const out = Math.ceil(n / stride);
    return { pad: Math.floor(Math.max((out - 1) * stride + effectiveKernel - n, 0) / 2), out };
  }
  const pad = padding === 'valid' ? 0 : padding;
  return { pad, out: Math.floor((n + 2 * pad - effectiveKernel) / stride) + 1 };
}

/** The union of the cells below that output cell o's taps reach; empty if it sees only padding. */
function tappedHull(below: [number, number][], o: number, layer: LayerGeometry, pad: number): [number, number] {
  const first = o * layer.stride - pad;
  const d = layer.dilation;
  const tFirst = Math.max(0, Math.ceil(-first / d));
  const tLast = Math.min(layer.kernel - 1, Math.floor((below.length - 1 - first) / d));
  if (tLast < tFirst) return [0, 0];
  return [below[first + tFirst * d]![0], below[first + tLast * d]![1]];
}

export function receptiveField1d(inputLength: number, layers: readonly LayerGeometry[]): AxisReceptiveField {
  let jump = 1;
  let size = 1;
  let start = 0.5;
  let cells = Array.from({ length: inputLength }, (_, i): [number, number] => [i, i + 1]);
  layers.forEach((layer, index) => {
    const n = cells.length;
    const effectiveKernel = layer.dilation * (layer.kernel - 1) + 1;
    const { pad, out } = leadingPad(layer, n, effectiveKernel);
    if (out < 1) {
      throw new InputTooSmallError(
        `an input of ${inputLength} px shrinks to nothing at spatial layer ${index + 1} of ${layers.length} ` +
          `(kernel ${layer.kernel}, stride ${layer.stride}, padding ${layer.padding} on ${n} px); use a larger input or fewer downsampling stages`,
      );
    }
    start += ((effectiveKernel - 1) / 2 - pad) * jump;
    size += (effectiveKernel - 1) * jump;
    jump *= layer.stride;
    const below = cells;
    cells = Array.from({ length: out }, (_, o) => tappedHull(below, o, layer, pad));
  });
  return { inputLength, outputLength: cells.length, jump, size, start, cells };
}

export function receptiveField(inputSize: number | readonly [number, number], layers: readonly LayerGeometry[]): ReceptiveField {
  const [height, width] = typeof inputSize === 'number' ? [inputSize, inputSize] : inputSize;
  const rows = receptiveField1d(height, layers);
  const cols = receptiveField1d(width, layers);
  const check = (row: number, col: number) => {
    if (!(Number.isInteger(row) && row >= 0 && row < rows.outputLength && Number.isInteger(col) && col >= 0 && col < cols.outputLength)) {
      throw new RangeError(`cell (${row}, ${col}) is outside the ${rows.outputLength}×${cols.outputLength} output grid`);
    }
  };
  const formula = (axis: AxisReceptiveField, i: number): [number, number] => {
    const first = axis.start + i * axis.jump - axis.size / 2;
    return [Math.max(first, 0), Math.min(first + axis.size, axis.inputLength)];
  };
  const box = (row: number, col: number): PixelBox => {
    check(row, col);
    const [hStart, hEnd] = rows.cells[row]!;
    const [wStart, wEnd] = cols.cells[col]!;
    return { hStart, hEnd, wStart, wEnd };
  };
  return {
    inputSize: [height, width],
    outputSize: [rows.outputLength, cols.outputLength],
    jump: rows.jump,
    size: rows.size,
    start: [rows.start, cols.start],
    box,
    formulaBox: (row, col) => {
      check(row, col);
      const [hStart, hEnd] = formula(rows, row);
      const [wStart, wEnd] = formula(cols, col);
      return { hStart, hEnd, wStart, wEnd };
    },
    boxes: () => Array.from({ length: rows.outputLength }, (_, r) => Array.from({ length: cols.outputLength }, (_, c) => box(r, c))),
  };
}
