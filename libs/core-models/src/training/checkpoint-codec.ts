import type { CheckpointState, StoredTensor } from './checkpoint-state';

const MAGIC = 'PSCK';
const VERSION = 1;

interface TensorRef {
  shape: number[];
  offset: number;
  length: number;
}

export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

/**
 * A checkpoint as one binary file: "PSCK", a little-endian uint32 header length, a JSON header
 * (position in the schedule, best metric, where each array lies), padding to 4 bytes, then every
 * float32 array back to back. Self-describing, no dependency, and exact for float32 values.
 */
export function encodeCheckpoint(state: CheckpointState): Uint8Array {
  const arrays: Float32Array[] = [];
  let offset = 0;
  const ref = (values: Float32Array, shape: number[]): TensorRef => {
    arrays.push(values);
    const r = { shape, offset, length: values.length };
    offset += values.length;
    return r;
  };
  const header = {
    version: VERSION,
    epoch: state.epoch,
    batch: state.batch,
    globalStep: state.globalStep,
    epochSums: state.epochSums,
    epochBatches: state.epochBatches,
    best: state.best,
    variables: Object.fromEntries(Object.entries(state.variables).map(([name, t]) => [name, ref(t.values, t.shape)])),
    optimisers: Object.fromEntries(
      Object.entries(state.optimisers).map(([key, o]) => [
        key,
        { step: o.step, moments: o.moments.map((m) => ({ first: ref(m.first, [m.first.length]), second: ref(m.second, [m.second.length]) })) },
      ]),
    ),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((8 + json.length) / 4) * 4;
  const bytes = new Uint8Array(dataStart + offset * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  const floats = new Float32Array(bytes.buffer, dataStart, offset);
  let at = 0;
  for (const a of arrays) {
    floats.set(a, at);
    at += a.length;
  }
  return bytes;
}

export function decodeCheckpoint(bytes: Uint8Array): CheckpointState {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new CheckpointFormatError('not a Protoscope checkpoint (bad magic bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new CheckpointFormatError('checkpoint truncated inside its header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  if (header.version !== VERSION) throw new CheckpointFormatError(`checkpoint format version ${header.version} is not supported (this build reads ${VERSION})`);
  const dataStart = Math.ceil((8 + headerLength) / 4) * 4;
  const floatCount = (bytes.length - dataStart) / 4;
  // Copy into a fresh buffer: the input may not be 4-byte aligned, may be a Node Buffer (whose
  // `slice` is a view into a shared pool, not a copy), and the state must not alias it.
  const data = new Uint8Array(Math.floor(floatCount) * 4);
  data.set(bytes.subarray(dataStart, dataStart + data.length));
  const floats = new Float32Array(data.buffer);
  const read = (r: TensorRef): Float32Array => {
    if (r.offset + r.length > floats.length) throw new CheckpointFormatError('checkpoint truncated inside its data');
    return floats.slice(r.offset, r.offset + r.length);
  };
  const variables: Record<string, StoredTensor> = {};
  for (const [name, r] of Object.entries(header.variables as Record<string, TensorRef>)) variables[name] = { shape: r.shape, values: read(r) };
  const optimisers: CheckpointState['optimisers'] = {};
  for (const [key, o] of Object.entries(header.optimisers as Record<string, { step: number; moments: { first: TensorRef; second: TensorRef }[] }>)) {
    optimisers[key] = { step: o.step, moments: o.moments.map((m) => ({ first: read(m.first), second: read(m.second) })) };
  }
  return {
    epoch: header.epoch,
    batch: header.batch,
    globalStep: header.globalStep,
    epochSums: header.epochSums,
    epochBatches: header.epochBatches,
    best: header.best,
    variables,
    optimisers,
  };
}
