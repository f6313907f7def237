import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { Conv2d } from '../layers/conv2d';
import type { Layer, LayerGeometry } from '../layers/layer';
import { MaxPool2d } from '../layers/max-pool2d';
import { Sequential } from '../layers/sequential';
import { ParameterSet } from '../parameters/parameter-set';
import { InputTooSmallError, receptiveField, receptiveField1d, type PixelBox } from './receptive-field';
import { makeFiltersPositive, observeFields } from './receptive-field.testing';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const g = (kernel: number, stride: number, padding: LayerGeometry['padding'], dilation = 1): LayerGeometry => ({ kernel, stride, padding, dilation });

describe('receptive-field arithmetic, by hand', () => {
  test('conv 3×3 (pad 1) then max-pool 2×2 on 6 px', () => {
    // conv: j 1, r 3, start 0.5; pool: j 2, r 3 + 1·1 = 4, start 0.5 + (1/2 − 0)·1 = 1.
    // Cell i starts at 1 + 2i − 2 = 2i − 1: [-1, 3) → [0, 3), [1, 5), [3, 7) → [3, 6).
    const rf = receptiveField(6, [g(3, 1, 1), g(2, 2, 'valid')]);
    expect(rf).toMatchObject({ outputSize: [3, 3], jump: 2, size: 4, start: [1, 1] });
    expect(rf.boxes()[0]!.map((b) => [b.wStart, b.wEnd])).toEqual([[0, 3], [1, 5], [3, 6]]);
    expect(rf.box(2, 1)).toEqual({ hStart: 3, hEnd: 6, wStart: 1, wEnd: 5 });
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(rf.formulaBox(r, c)).toEqual(rf.box(r, c));
  });

  test('conv 3×3 stride 2 (pad 1) then conv 3×3 (no pad) on 7 px', () => {
    // layer 1: n 4, j 2, r 3, start 0.5; layer 2: n 2, r 3 + 2·2 = 7, start 0.5 + 1·2 = 2.5.
    // Cell 0 starts at 2.5 − 3.5 = −1 → [0, 6); cell 1 at 1 → [1, 8) → [1, 7).
    const rf = receptiveField1d(7, [g(3, 2, 1), g(3, 1, 'valid')]);
    expect(rf).toEqual({ inputLength: 7, outputLength: 2, jump: 2, size: 7, start: 2.5, cells: [[0, 6], [1, 7]] });
    const boxes = receptiveField([7, 7], [g(3, 2, 1), g(3, 1, 'valid')]).boxes();
    expect(boxes[1]![0]).toEqual({ hStart: 1, hEnd: 7, wStart: 0, wEnd: 6 });
  });

  test("'same' splits odd padding TensorFlow's way and dilation widens the kernel", () => {
    // 'same', k 3, s 2 on 8 px: out 4, total pad 1, top 0 → cell 0 covers pixels 0–2.
    expect(receptiveField(8, [g(3, 2, 'same')]).box(0, 0)).toMatchObject({ hStart: 0, hEnd: 3 });
    // dilation 2: effective kernel 5.
    expect(receptiveField1d(9, [g(3, 1, 'valid', 2)])).toMatchObject({ outputLength: 5, size: 5, start: 2.5 });
  });

  test("where ProtoPNet's formula over-reaches: pixels a 'valid' stride never sees, and dilation holes", () => {
    // 3×3/2 valid on 8 px uses pixels 0–6 only; a padded conv after it taps a phantom cell 3 whose
    // field [6, 9) the formula clips to [6, 8), claiming pixel 7.
    const rf = receptiveField(8, [g(3, 2, 'valid'), g(3, 1, 1)]);
    expect(rf.box(2, 2)).toMatchObject({ hStart: 2, hEnd: 7 });
    expect(rf.formulaBox(2, 2)).toMatchObject({ hStart: 2, hEnd: 8 });
    // Valid 3×3 then a dilated 3×3 (pad 1): cell 0 taps cells −1 (padding), 1 and 3 → pixels 1–5.
    const dilated = receptiveField(16, [g(3, 1, 'valid'), g(3, 1, 1, 2)]);
    expect(dilated.box(0, 0)).toMatchObject({ hStart: 1, hEnd: 6 });
    expect(dilated.formulaBox(0, 0)).toMatchObject({ hStart: 0, hEnd: 6 });
  });

  test('non-square inputs, errors for inputs too small and cells outside the grid', () => {
    const rf = receptiveField([8, 12], [g(2, 2, 'valid')]);
    expect(rf.outputSize).toEqual([4, 6]);
    expect(() => rf.box(4, 0)).toThrow(/outside the 4×6 output grid/);
    expect(() => receptiveField(3, [g(2, 2, 'valid'), g(2, 2, 'valid')])).toThrow(InputTooSmallError);
    expect(() => receptiveField(3, [g(2, 2, 'valid'), g(2, 2, 'valid')])).toThrow(/spatial layer 2 of 2/);
  });
});

describe('receptive-field arithmetic against brute force', () => {
  const stacks: { name: string; size: [number, number]; layers: (p: ParameterSet) => Layer[]; holes?: boolean }[] = [
    {
      name: 'stride-2 conv, same conv, 3×3/2 max-pool with padding',
      size: [17, 14],
      layers: (p) => [
        new Conv2d(p, 'a', { inChannels: 1, outChannels: 2, kernel: 3, stride: 2, padding: 1 }, 1),
        new Conv2d(p, 'b', { inChannels: 2, outChannels: 2, kernel: 3, padding: 'same' }, 1),
        new MaxPool2d({ kernel: 3, stride: 2, padding: 1 }),
      ],
    },
    {
      name: "7×7/2 pad 3, 'same' stride 2 on odd sizes, valid 2×2",
      size: [23, 20],
      layers: (p) => [
        new Conv2d(p, 'a', { inChannels: 1, outChannels: 2, kernel: 7, stride: 2, padding: 3 }, 1),
        new Conv2d(p, 'b', { inChannels: 2, outChannels: 2, kernel: 3, stride: 2, padding: 'same' }, 1),
        new MaxPool2d({ kernel: 2 }),
      ],
    },
    {
      name: "a padded conv after a 'valid' stride that drops the last pixel",
      size: [8, 9],
      layers: (p) => [
        new Conv2d(p, 'a', { inChannels: 1, outChannels: 2, kernel: 3, stride: 2, padding: 'valid' }, 1),
        new Conv2d(p, 'b', { inChannels: 2, outChannels: 2, kernel: 3, padding: 1 }, 1),
      ],
    },
    {
      name: 'dilated conv after a valid conv',
      size: [16, 16],
      holes: true,
      layers: (p) => [
        new Conv2d(p, 'a', { inChannels: 1, outChannels: 2, kernel: 3, padding: 'valid' }, 1),
        new Conv2d(p, 'b', { inChannels: 2, outChannels: 2, kernel: 3, dilation: 2, padding: 1 }, 1),
      ],
    },
  ];

  test.each(stacks)('$name: the boxes are exactly the hulls of the pixels that change each cell', ({ size, layers, holes }) => {
    const params = new ParameterSet();
    const net = new Sequential(layers(params));
    makeFiltersPositive(params);
    const observed = observeFields((x) => net.apply(x, { training: false }) as tf.Tensor4D, size, 1);
    const rf = receptiveField(size, net.geometry);
    expect([observed.length, observed[0]!.length]).toEqual(rf.outputSize);
    const boxes = rf.boxes();
    observed.forEach((row, r) => row.forEach((cell, c) => expect(cell.box).toEqual(boxes[r]![c])));
    // Without dilation every pixel inside a box matters, not just its corners.
    const area = (b: PixelBox) => (b.hEnd - b.hStart) * (b.wEnd - b.wStart);
    if (!holes) observed.forEach((row, r) => row.forEach((cell, c) => expect(cell.pixels).toBe(area(boxes[r]![c]!))));
    params.dispose();
  });
});
