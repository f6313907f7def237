import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError } from '../errors';

type DcmjsCodecs = typeof import('dcmjs-codecs');

/** The instance fields `NativeCodecs.initializeAsync` fills in (dcmjs-codecs 0.0.8), every export as `wasm<Name>`. */
interface NativeCodecsApi {
  wasmInstance: object;
  wasmModule: object;
  wasmMemory: { buffer: ArrayBuffer };
  wasmEnv: Record<string, string>;
  [name: string]: unknown;
}

/** The part of the WebAssembly global used here (the workspace's lib settings do not declare it). */
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; exports(module: object): Array<{ name: string; kind: string }> };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// WASI error numbers the codecs' C runtime understands.
const WASI_SUCCESS = 0;
const WASI_BAD_FILE_DESCRIPTOR = 8;
const WASI_INVALID_PARAMETER = 28;

let library: DcmjsCodecs | undefined;
let compiled: object | undefined;
/** Messages the codecs emitted during the current call (libjpeg's warnings arrive here). */
let messages: string[] = [];

/**
 * Runs `work` with dcmjs-codecs (dcmtk's IJG 8/12/16-bit JPEG, CharLS, OpenJPEG… compiled to one WASI
 * module) ready, and returns what it gave with the messages the codecs emitted meanwhile (libjpeg
 * reports a stream cut short as a warning, not an error).
 *
 * The library's own start, `NativeCodecs.initializeAsync`, only reads the .wasm and instantiates it
 * with a small WASI environment; doing the same with the synchronous WebAssembly API, once per
 * thread, keeps `decodeDicom` and the batch loader synchronous like the other WebAssembly codecs. The
 * decoding itself goes through the library's public calls (`NativeCodecs.decodeJpeg` with a `Context`).
 * A failure unwinds the WebAssembly stack without the C++ clean-up, so the instance is dropped and
 * the next call starts a fresh one from the compiled module.
 */
export function withDcmjsCodecs<T>(work: (codecs: DcmjsCodecs) => T): { result: T; messages: string[] } {
  const codecs = start();
  messages = [];
  try {
    return { result: work(codecs), messages };
  } catch (error) {
    (codecs.NativeCodecs as unknown as { wasmApi?: NativeCodecsApi }).wasmApi = undefined;
    throw error;
  } finally {
    messages = [];
  }
}

function start(): DcmjsCodecs {
  if (!library) {
    try {
      library = require('dcmjs-codecs') as DcmjsCodecs;
    } catch {
      throw new DatasetError('the decoder package dcmjs-codecs is not installed (run npm ci)');
    }
  }
  if (library.NativeCodecs.isInitialized()) return library;
  compiled ??= new wasmApi.Module(fs.readFileSync(path.join(path.dirname(require.resolve('dcmjs-codecs')), 'dcmjs-native-codecs.wasm')));
  // The callbacks read the instance's memory, known once it exists (its buffer changes when it grows).
  const exported: { memory?: { buffer: ArrayBuffer } } = {};
  const view = () => new DataView(exported.memory!.buffer);
  const text = (at: number, length: number) => Buffer.from(exported.memory!.buffer, at, length).toString('latin1');
  const instance = new wasmApi.Instance(compiled, {
    env: {
      // The codecs report a failure by this call; the message is the codec's own sentence.
      onCodecsException: (at: number, length: number) => {
        throw new Error(text(at, length));
      },
      onCodecsInfo: (at: number, length: number) => {
        messages.push(text(at, length));
      },
      onCodecsTrace: () => undefined,
      emscripten_notify_memory_growth: () => undefined,
    },
    wasi_snapshot_preview1: {
      proc_exit: (code: number) => {
        throw new Error(`the codec module exited with code ${code}`);
      },
      clock_time_get: (clock: number, _precision: bigint, at: number) => {
        if (clock !== 0) return WASI_INVALID_PARAMETER;
        view().setBigUint64(at, 1_000_000n, true);
        return WASI_SUCCESS;
      },
      // Diagnostics printed on stdout/stderr are dropped: failures arrive through onCodecsException.
      fd_write: (fd: number, iovs: number, count: number, written: number) => {
        if (fd !== 1 && fd !== 2) return WASI_BAD_FILE_DESCRIPTOR;
        let total = 0;
        for (let k = 0; k < count; k++) total += view().getUint32(iovs + 8 * k + 4, true);
        view().setUint32(written, total, true);
        return WASI_SUCCESS;
      },
      fd_close: () => WASI_SUCCESS,
      fd_seek: () => WASI_SUCCESS,
      environ_sizes_get: (count: number, size: number) => {
        view().setUint32(count, 0, true);
        view().setUint32(size, 0, true);
        return WASI_SUCCESS;
      },
      environ_get: () => WASI_SUCCESS,
    },
  });
  const memory = instance.exports['memory'] as { buffer: ArrayBuffer };
  exported.memory = memory;
  const api: NativeCodecsApi = { wasmInstance: instance, wasmModule: compiled, wasmMemory: memory, wasmEnv: {} };
  for (const entry of wasmApi.Module.exports(compiled)) {
    if (entry.kind === 'function') api[`wasm${entry.name}`] = instance.exports[entry.name];
  }
  (library.NativeCodecs as unknown as { wasmApi?: NativeCodecsApi }).wasmApi = api;
  if (typeof api['wasmDecodeJpeg'] !== 'function' || !library.NativeCodecs.isInitialized()) {
    throw new DatasetError(`dcmjs-codecs ${library.version} did not start its JPEG codec (this project is tested with 0.0.8)`);
  }
  return library;
}
