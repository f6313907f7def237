import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError } from '../errors';
import { CodecError, expectGeometry, type SampleArray } from './pixel-codec';
import type { PixelModule } from './pixel-module';

/** An Emscripten codec module: a factory that fills the object it is given with the codec classes. */
type EmscriptenFactory = (module: Record<string, unknown>) => unknown;

/** The part of the WebAssembly global used here (the workspace's lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const loaded = new Map<string, Record<string, unknown>>();

/**
 * Loads a WebAssembly codec build once per thread. The WASM is compiled and instantiated
 * synchronously (Node allows it for any size), which makes the Emscripten runtime ready before the
 * factory returns: decoding stays synchronous, so the batch loader and every reader need no async
 * start-up step.
 */
export function loadWasmCodecModule(packageName: string, jsFile: string, wasmFile: string): Record<string, unknown> {
  const key = `${packageName}/${jsFile}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  let dir: string;
  try {
    dir = path.dirname(require.resolve(packageName)); // the package's main file sits in dist/
  } catch {
    throw new DatasetError(`the decoder package ${packageName} is not installed (run npm ci)`);
  }
  const factory = require(path.join(dir, jsFile)) as EmscriptenFactory | { default: EmscriptenFactory };
  const create = typeof factory === 'function' ? factory : factory.default;
  const compiled = new wasmApi.Module(fs.readFileSync(path.join(dir, wasmFile)));
  const module: Record<string, unknown> = {
    instantiateWasm(imports: object, receive: (instance: { exports: object }, module: object) => void) {
      const instance = new wasmApi.Instance(compiled, imports);
      receive(instance, compiled);
      return instance.exports;
    },
    print: () => undefined,
    printErr: () => undefined,
  };
  const ready = create(module) as Promise<unknown> | undefined;
  // The promise has already resolved; swallow a rejection so it is never reported as unhandled.
  if (ready && typeof (ready as Promise<unknown>).catch === 'function') (ready as Promise<unknown>).catch(() => undefined);
  loaded.set(key, module);
  return module;
}

/** The classes Emscripten codec builds export share this shape. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  delete(): void;
}

/** Instantiates a decoder class of a loaded module, checking it is there. */
export function createWasmDecoder(module: Record<string, unknown>, className: string, codec: string): WasmDecoder {
  const Decoder = module[className] as (new () => WasmDecoder) | undefined;
  if (typeof Decoder !== 'function') throw new DatasetError(`the ${codec} decoder did not start (class ${className} missing)`);
  return new Decoder();
}

/**
 * Decodes one stream with a WebAssembly decoder class: copies it in, decodes, checks the geometry
 * and copies the samples out (as 8- or 16-bit, signed as the stream says) before freeing the
 * decoder. Emscripten throws bare numbers (pointers); they become a sentence naming the codec.
 */
export function decodeWithWasm(
  module: Record<string, unknown>,
  className: string,
  codec: string,
  stream: Uint8Array,
  pixel: PixelModule,
  extra?: (decoder: WasmDecoder) => void,
): { samples: SampleArray; decoder: { bitsPerSample: number } } {
  const decoder = createWasmDecoder(module, className, codec);
  try {
    decoder.getEncodedBuffer(stream.length).set(stream);
    try {
      decoder.decode();
    } catch (error) {
      const detail = error instanceof Error ? `: ${error.message}` : '';
      throw new CodecError(`the ${codec} decoder rejected the stream (corrupt or truncated data${detail})`);
    }
    const info = decoder.getFrameInfo();
    if (!info.width || !info.height) throw new CodecError(`the ${codec} decoder rejected the stream (corrupt or truncated data: no image found)`);
    expectGeometry(codec, pixel, { width: info.width, height: info.height, components: info.componentCount });
    extra?.(decoder);
    const decoded = decoder.getDecodedBuffer();
    const copy = new Uint8Array(decoded.length);
    copy.set(decoded);
    const wide = info.bitsPerSample > 8;
    const samples: SampleArray = wide
      ? info.isSigned
        ? new Int16Array(copy.buffer, 0, copy.length >> 1)
        : new Uint16Array(copy.buffer, 0, copy.length >> 1)
      : info.isSigned
        ? new Int8Array(copy.buffer)
        : copy;
    return { samples, decoder: { bitsPerSample: info.bitsPerSample } };
  } finally {
    decoder.delete();
  }
}
