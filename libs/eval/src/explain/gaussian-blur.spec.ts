import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { gaussianBlur } from './gaussian-blur';
import { expectClose } from './spec-helpers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('gaussianBlur', () => {
  it('spreads an impulse as the product of two normalised 1-D Gaussians', () => {
    // σ = 1 → radius 3, taps e^{−d²/2}/Z with Z = Σ_{|d|≤3} e^{−d²/2}. In 15×15 with the impulse at (7, 7),
    // every pixel it reaches has its whole window inside the image, so no border renormalisation applies.
    const impulse = tf.buffer([1, 15, 15, 1]);
    impulse.set(1, 0, 7, 7, 0);
    const blurred = gaussianBlur(impulse.toTensor() as tf.Tensor4D, 1).arraySync()[0]!;
    const z = [-3, -2, -1, 0, 1, 2, 3].reduce((s, d) => s + Math.exp(-(d * d) / 2), 0);
    const tap = (d: number) => (Math.abs(d) <= 3 ? Math.exp(-(d * d) / 2) / z : 0);
    expectClose(
      blurred.flatMap((row) => row.map((v) => v[0]!)),
      Array.from({ length: 225 }, (_, p) => tap(Math.floor(p / 15) - 7) * tap((p % 15) - 7)),
      6,
    );
  });

  it('keeps a constant image constant up to the borders, per channel', () => {
    const image = tf.stack([tf.fill([5, 6], 2), tf.fill([5, 6], -1)], 2).expandDims(0) as tf.Tensor4D;
    const blurred = gaussianBlur(image, 2);
    expectClose(blurred.dataSync(), image.dataSync(), 5);
    tf.dispose([image, blurred]);
  });
});
