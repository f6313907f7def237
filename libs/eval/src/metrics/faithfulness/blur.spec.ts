import { parkMiller } from '../classification/spec-helpers';
import { riseBlur, riseBlurKernel1d } from './blur';

const gauss = (t: number, sigma: number) => Math.exp((-t * t) / (2 * sigma * sigma));

describe('riseBlurKernel1d', () => {
  it('folds the σ = 5 Gaussian (cut at 20 px) into the 11-px window by mirror images of the impulse', () => {
    // Mirroring with period 22 puts copies of the centre impulse (index 5) at 5 + 22m and 16 + 22m.
    // Output i collects g(p − i) for every copy p within the 20-px reach: p = 5, 16, −6 always,
    // p = −17 when i ≤ 3 and p = 27 when i ≥ 7; g is normalised over its 41 taps.
    let z = 0;
    for (let t = -20; t <= 20; t++) z += gauss(t, 5);
    const expected = Array.from({ length: 11 }, (_, i) => {
      let sum = gauss(5 - i, 5) + gauss(16 - i, 5) + gauss(-6 - i, 5);
      if (i <= 3) sum += gauss(-17 - i, 5);
      if (i >= 7) sum += gauss(27 - i, 5);
      return sum / z;
    });
    const kernel = riseBlurKernel1d();
    expected.forEach((value, i) => expect(kernel[i]).toBeCloseTo(value, 12));
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is the plain normalised Gaussian when the window holds the whole filter', () => {
    const kernel = riseBlurKernel1d({ kernelSize: 41, sigma: 5 });
    let z = 0;
    for (let t = -20; t <= 20; t++) z += gauss(t, 5);
    for (let i = 0; i < 41; i++) expect(kernel[i]).toBeCloseTo(gauss(i - 20, 5) / z, 12);
  });

  it('rejects an even kernel size and a non-positive σ', () => {
    expect(() => riseBlurKernel1d({ kernelSize: 4 })).toThrow(/odd positive integer/);
    expect(() => riseBlurKernel1d({ sigma: 0 })).toThrow(/sigma is 0/);
  });
});

describe('riseBlur', () => {
  it('equals a direct 2-D convolution with the outer-product kernel and zero padding', () => {
    const [height, width, channels] = [6, 7, 2];
    const random = parkMiller(3);
    const image = Float32Array.from({ length: height * width * channels }, () => random() * 2 - 1);
    const k = riseBlurKernel1d({ kernelSize: 5, sigma: 1.5 });
    const blurred = riseBlur(image, [height, width, channels], { kernelSize: 5, sigma: 1.5 });
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        for (let ch = 0; ch < channels; ch++) {
          let sum = 0;
          for (let dr = -2; dr <= 2; dr++) {
            for (let dc = -2; dc <= 2; dc++) {
              const rr = r + dr;
              const cc = c + dc;
              if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
              sum += k[dr + 2] * k[dc + 2] * image[(rr * width + cc) * channels + ch];
            }
          }
          expect(blurred[(r * width + c) * channels + ch]).toBeCloseTo(sum, 5);
        }
      }
    }
  });

  it('rejects an image that does not match its shape', () => {
    expect(() => riseBlur(new Float32Array(5), [2, 2, 1])).toThrow(/5 values/);
  });
});
