import type { FrameCodec } from '../pixel-codec';
import { decodeWithWasm, loadWasmCodecModule, type WasmDecoder } from '../wasm-codec-module';
import { interleavePlanes } from './interleave';

/** JPEG-LS lossless and near-lossless with CharLS's WebAssembly build. */
export const jpegLsCodec: FrameCodec = {
  name: 'JPEG-LS (CharLS)',
  decode(stream, pixel) {
    const module = loadWasmCodecModule('@cornerstonejs/codec-charls', 'charlswasm_decode.js', 'charlswasm_decode.wasm');
    let interleave = 2;
    const { samples } = decodeWithWasm(module, 'JpegLSDecoder', this.name, stream, pixel, (decoder) => {
      interleave = (decoder as WasmDecoder & { getInterleaveMode(): number }).getInterleaveMode();
    });
    const { rows, columns, samplesPerPixel } = pixel;
    // CharLS returns line- and sample-interleaved streams as RGBRGB…, uninterleaved ones (mode 0) as planes.
    const interleaved = interleave === 0 ? interleavePlanes(samples, rows * columns, samplesPerPixel) : samples;
    return { samples: interleaved, photometric: pixel.photometric };
  },
};
