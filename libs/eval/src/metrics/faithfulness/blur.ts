/**
 * The blur RISE's insertion metric starts from: a Gaussian kernel of side 11 and σ = 5, built the
 * way the reference builds it — a unit impulse in an 11 × 11 array smoothed by a Gaussian filter
 * truncated at 4σ with mirror ("reflect", d c b a | a b c d) boundaries. Because the filter is wider
 * than the window, the mirror folds its tails back in: the kernel sums to 1 but is flatter than a
 * plain truncated Gaussian. It is separable (outer product of one 1-D kernel with itself).
 *
 * The image is convolved with zero padding ("same" size), again as the reference; on a normalised
 * image zero is the mean colour, so the border fades towards it. For images much smaller than
 * 224 px scale both numbers, e.g. side 3 and σ 5·32/224 for 32 px images.
 */
import { MetricInputError } from '../errors';

export const RISE_BLUR_KERNEL_SIZE = 11;
export const RISE_BLUR_SIGMA = 5;
/** The Gaussian filter is cut at this many σ (scipy's default). */
const TRUNCATE_SIGMAS = 4;

export interface BlurOptions {
  /** Odd window side; default 11. */
  kernelSize?: number;
  /** Standard deviation in pixels; default 5. */
  sigma?: number;
}

function checkBlurOptions(metric: string, options: BlurOptions): { kernelSize: number; sigma: number } {
  const kernelSize = options.kernelSize ?? RISE_BLUR_KERNEL_SIZE;
  const sigma = options.sigma ?? RISE_BLUR_SIGMA;
  if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
    throw new MetricInputError(metric, `kernelSize is ${String(kernelSize)}; it must be an odd positive integer`);
  }
  if (!Number.isFinite(sigma) || sigma <= 0) {
    throw new MetricInputError(metric, `sigma is ${String(sigma)}; it must be a positive number`);
  }
  return { kernelSize, sigma };
}

/** Index of position `p` in an axis of length n extended by mirroring (d c b a | a b c d | d c b a). */
function mirror(p: number, n: number): number {
  const period = 2 * n;
  const q = ((p % period) + period) % period;
  return q < n ? q : period - 1 - q;
}

/** The 1-D kernel: a centred impulse of length `kernelSize` smoothed with mirror boundaries. */
export function riseBlurKernel1d(options: BlurOptions = {}): Float64Array {
  const { kernelSize, sigma } = checkBlurOptions('riseBlurKernel1d', options);
  const radius = Math.floor(TRUNCATE_SIGMAS * sigma + 0.5);
  const taps = new Float64Array(2 * radius + 1);
  let tapSum = 0;
  for (let t = -radius; t <= radius; t++) {
    taps[t + radius] = Math.exp((-0.5 * t * t) / (sigma * sigma));
    tapSum += taps[t + radius];
  }
  const centre = (kernelSize - 1) / 2;
  const kernel = new Float64Array(kernelSize);
  // Output i of the smoothing gathers taps t whose mirrored source i + t is the impulse.
  for (let i = 0; i < kernelSize; i++) {
    for (let t = -radius; t <= radius; t++) if (mirror(i + t, kernelSize) === centre) kernel[i] += taps[t + radius] / tapSum;
  }
  return kernel;
}

/**
 * Blurs a row-major height × width × channels image (channels last) with the RISE kernel, each
 * channel on its own, zero padding.
 */
export function riseBlur(image: Float32Array, shape: readonly [number, number, number], options: BlurOptions = {}): Float32Array {
  const metric = 'riseBlur';
  const [height, width, channels] = shape;
  if (![height, width, channels].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new MetricInputError(
      metric,
      `shape is [${shape.join(', ')}]; it must be three positive integers [height, width, channels]`,
    );
  }
  if (image.length !== height * width * channels) {
    throw new MetricInputError(
      metric,
      `image has ${image.length} values but shape [${shape.join(', ')}] needs ${height * width * channels}`,
    );
  }
  const kernel = riseBlurKernel1d(options);
  const radius = (kernel.length - 1) / 2;
  const alongRows = new Float32Array(image.length);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const c = col + k;
          if (c >= 0 && c < width) sum += kernel[k + radius] * image[(row * width + c) * channels + ch];
        }
        alongRows[(row * width + col) * channels + ch] = sum;
      }
    }
  }
  const blurred = new Float32Array(image.length);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const r = row + k;
          if (r >= 0 && r < height) sum += kernel[k + radius] * alongRows[(r * width + col) * channels + ch];
        }
        blurred[(row * width + col) * channels + ch] = sum;
      }
    }
  }
  return blurred;
}
