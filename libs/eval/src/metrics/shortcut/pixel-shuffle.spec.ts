import { acquisitionCorrectedAuc } from './acquisition-corrected-auc';
import { pixelPermutation, pixelShuffle } from './pixel-shuffle';

describe('pixelShuffle', () => {
  const shape = { height: 5, width: 7, channels: 3 };
  const pixels = 35;

  it('permutes pixel positions: every image keeps its multiset of values', () => {
    const image = Float32Array.from({ length: pixels * 3 }, (_, i) => Math.sin(i * 1.7));
    const [shuffled] = pixelShuffle([image], shape, 4);
    expect(Array.from(shuffled).sort()).toEqual(Array.from(image).sort());
    expect(Array.from(shuffled)).not.toEqual(Array.from(image));
  });

  it('moves the channels of a pixel together and applies one permutation to every image', () => {
    // Image A encodes its pixel index in every channel (p·10 + channel); image B is arbitrary.
    const a = Uint16Array.from({ length: pixels * 3 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3));
    const b = Uint8Array.from({ length: pixels * 3 }, (_, i) => (i * 37) % 251);
    const [shuffledA, shuffledB] = pixelShuffle([a, b], shape, 11);
    for (let p = 0; p < pixels; p++) {
      const source = Math.floor(shuffledA[p * 3] / 10);
      for (let ch = 0; ch < 3; ch++) {
        expect(shuffledA[p * 3 + ch]).toBe(source * 10 + ch);
        expect(shuffledB[p * 3 + ch]).toBe(b[source * 3 + ch]);
      }
    }
    expect(shuffledB).toBeInstanceOf(Uint8Array);
  });

  it('draws a true permutation, the same for the same seed and another for another seed', () => {
    const permutation = pixelPermutation(1000, 3);
    expect(Array.from(permutation).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(pixelPermutation(1000, 3)).toEqual(permutation);
    expect(pixelPermutation(1000, 4)).not.toEqual(permutation);
  });

  it('rejects images of the wrong size', () => {
    expect(() => pixelShuffle([new Float32Array(10)], shape, 1)).toThrow(/images\[0\] must be a typed array of height × width × channels = 105/);
    expect(() => pixelPermutation(0, 1)).toThrow(/pixelCount is 0/);
  });
});

describe('acquisitionCorrectedAuc', () => {
  it('is P_source − P_shuffled + ½', () => {
    expect(acquisitionCorrectedAuc(0.9, 0.7)).toBeCloseTo(0.7, 12);
    // Shuffled at chance: nothing to remove.
    expect(acquisitionCorrectedAuc(0.8, 0.5)).toBeCloseTo(0.8, 12);
    expect(() => acquisitionCorrectedAuc(1.2, 0.5)).toThrow(/sourceAuc is 1.2/);
  });
});
