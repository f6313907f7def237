import { CheckpointFormatError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import type { CheckpointState } from './checkpoint-state';

const state: CheckpointState = {
  epoch: 3,
  batch: 7,
  globalStep: 107,
  variables: {
    'backbone/conv/filter': { shape: [1, 1, 2, 3], values: Float32Array.from([1.5, -2, 3.25, 1e-30, -0, 65504]) },
    'head/bias': { shape: [2], values: Float32Array.from([Math.fround(0.1), Math.fround(-7.3)]) },
  },
  optimisers: { 'joint/head/': { step: 12, moments: [{ first: Float32Array.from([1, 2]), second: Float32Array.from([3, 4]) }] } },
  epochSums: { loss: 12.5, ce: 10 },
  epochBatches: 7,
  best: { metric: 'val/auc', value: 0.93, epoch: 2 },
};

describe('checkpoint codec', () => {
  it('round-trips every value bit for bit, whatever the header length', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint(state));
    expect(decoded).toEqual(state);
    expect(Object.is(decoded.variables['backbone/conv/filter']!.values[4], -0)).toBe(true);
    // A header whose length is not a multiple of 4 still aligns the data.
    const odd = { ...state, epochSums: { x: 1 } };
    expect(decodeCheckpoint(encodeCheckpoint(odd))).toEqual(odd);
  });

  it('decodes from an unaligned view of a larger buffer', () => {
    const bytes = encodeCheckpoint(state);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeCheckpoint(shifted.subarray(3))).toEqual(state);
  });

  it('decodes a Node Buffer that is a view into a larger pool (as file reads return)', () => {
    const bytes = encodeCheckpoint(state);
    const pool = Buffer.alloc(bytes.length + 100, 0x7f);
    pool.set(bytes, 50);
    expect(decodeCheckpoint(pool.subarray(50, 50 + bytes.length))).toEqual(state);
  });

  it('refuses what is not a checkpoint or is cut short, saying which', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not": "a checkpoint"}'))).toThrow(/bad magic bytes/);
    const bytes = encodeCheckpoint(state);
    expect(() => decodeCheckpoint(bytes.subarray(0, 20))).toThrow(CheckpointFormatError);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated inside its data/);
  });
});
