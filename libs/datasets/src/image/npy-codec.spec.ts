import { CorruptFileError } from '../errors';
import { encodeNpy, parseNpy } from './npy-codec';
import { readNpz, writeNpz } from './npz-archive';

describe('npy / npz', () => {
  it('round-trips typed arrays with their shape', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const back = parseNpy(encodeNpy({ dtype: '|u1', shape: [2, 3, 4], data }));
    expect(back.shape).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    const floats = parseNpy(encodeNpy({ dtype: '<f4', shape: [3], data: Float32Array.from([0.5, -1, 2]) }));
    expect(Array.from(floats.data)).toEqual([0.5, -1, 2]);
  });

  it('reads arrays out of a deflated .npz', () => {
    const npz = writeNpz({ a: { dtype: '<i4', shape: [2], data: Int32Array.from([7, -7]) } });
    expect(Array.from(readNpz(npz).get('a')!.data)).toEqual([7, -7]);
  });

  it('rejects corrupt input with the file name', () => {
    expect(() => parseNpy(new Uint8Array(20), 'x.npy')).toThrow(CorruptFileError);
    const good = encodeNpy({ dtype: '|u1', shape: [10], data: new Uint8Array(10) });
    expect(() => parseNpy(good.subarray(0, good.length - 3), 'short.npy')).toThrow(/short\.npy: .*shorter/);
    expect(() => readNpz(Uint8Array.from([1, 2, 3]), 'bad.npz')).toThrow(/bad\.npz: cannot be read/);
  });
});
