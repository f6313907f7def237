import * as tf from '@tensorflow/tfjs-core';
import { type BackendValues, type DataId, DataStorage, type DataType, KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import type { FallbackHost } from './cpu-fallback';
import { DTYPE_CODES, DTYPE_NAMES, type NativeDtype, type TorchAddon } from './native-addon';

/** A tfjs data id's value on this backend: a libtorch tensor in the addon, or (strings only) JS values. */
interface TorchData {
  /** The addon's tensor id; absent for strings, which libtorch cannot hold. */
  handle?: number;
  values?: BackendValues;
  dtype: DataType;
  refCount: number;
}

const TYPED_ARRAYS = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

export const isNativeDtype = (dtype: DataType): dtype is NativeDtype => dtype in DTYPE_CODES;

/**
 * The tfjs backend `torch`: every tensor is a libtorch tensor held by the addon; tfjs data ids map to
 * addon ids here. Kernels are registered separately (register-torch-backend.ts).
 */
export class TorchBackend extends KernelBackend implements FallbackHost {
  private readonly data = new DataStorage<TorchData>(this, tf.engine());

  constructor(readonly addon: TorchAddon) {
    super();
  }

  private toNative(values: BackendValues, dtype: NativeDtype): Float32Array | Int32Array | Uint8Array {
    const Ctor = TYPED_ARRAYS[dtype];
    return values instanceof Ctor ? values : Ctor.from(values as ArrayLike<number>);
  }

  private store(values: BackendValues | null, shape: number[], dtype: DataType, refCount: number): TorchData {
    if (!isNativeDtype(dtype)) {
      if (dtype !== 'string') throw new Error(`torch backend: dtype ${dtype} is not supported`);
      return { values: values ?? [], dtype, refCount };
    }
    const native = values == null ? new TYPED_ARRAYS[dtype](tf.util.sizeFromShape(shape)) : this.toNative(values, dtype);
    return { handle: this.addon.write(native, shape, DTYPE_CODES[dtype]), dtype, refCount };
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.data.set(dataId, this.store(values, shape, dtype, 1));
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.data.set(dataId, this.store(values, shape, dtype, refCount));
  }

  /** A new tensor from values (used by the cpu fallback). */
  makeOutput(shape: number[], dtype: DataType, values: BackendValues): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape, dtype };
  }

  /** Wraps an addon tensor the addon just made as a tfjs tensor info. */
  adopt(handle: number, dtype: NativeDtype, shape: number[]): TensorInfo {
    const dataId = {};
    this.data.set(dataId, { handle, dtype, refCount: 1 });
    return { dataId, shape, dtype };
  }

  /** The addon id behind a tfjs data id, or undefined for JS-held values (strings). */
  handleOf(dataId: DataId): number | undefined {
    return this.data.get(dataId)?.handle;
  }

  /** Runs a native kernel and wraps its outputs. */
  runNative(kernel: string, inputs: TensorInfo[], attrs: number[]): TensorInfo[] {
    const ids = inputs.map((info) => {
      const handle = this.handleOf(info.dataId);
      if (handle === undefined) throw new Error(`torch backend: kernel ${kernel} got a ${info.dtype} tensor libtorch cannot hold`);
      return handle;
    });
    const flat = this.addon.run(kernel, ids, attrs);
    const outputs: TensorInfo[] = [];
    for (let at = 0; at < flat.length; ) {
      const handle = flat[at]!;
      const dtype = DTYPE_NAMES[flat[at + 1]!]!;
      const rank = flat[at + 2]!;
      outputs.push(this.adopt(handle, dtype, flat.slice(at + 3, at + 3 + rank)));
      at += 3 + rank;
    }
    return outputs;
  }

  override readSync(dataId: DataId): BackendValues {
    const entry = this.data.get(dataId);
    return entry.handle === undefined ? entry.values! : this.addon.read(entry.handle);
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  // DataStorage.get moves a data id from another backend when it is missing here; has() does not.
  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    if (this.data.has(dataId)) this.data.get(dataId).refCount++;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const entry = this.data.get(dataId);
    entry.refCount--;
    if (!force && entry.refCount > 0) return false;
    if (entry.handle !== undefined) this.addon.dispose(entry.handle);
    this.data.delete(dataId);
    return true;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  /** `liveTensors` is the addon's own count, which must match the data ids holding a tensor. */
  override memory(): { unreliable: boolean; liveTensors: number } {
    return { unreliable: false, liveTensors: this.addon.liveTensors() };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    const start = performance.now();
    f();
    return { kernelMs: performance.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    // tfjs disposes a backend when it is removed; the addon frees its tensors as their ids go.
  }
}
