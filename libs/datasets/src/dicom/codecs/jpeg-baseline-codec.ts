import { CodecError, type FrameCodec } from '../pixel-codec';
import { decodeWithWasm, loadWasmCodecModule } from '../wasm-codec-module';

/** Reads the sample precision of the stream's frame header (SOF), to name 12-bit streams we cannot decode. */
function framePrecision(stream: Uint8Array): number | undefined {
  for (let i = 2; i + 4 < stream.length; ) {
    if (stream[i] !== 0xff) return undefined;
    const marker = stream[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return stream[i + 4];
    i += 2 + ((stream[i + 2]! << 8) | stream[i + 3]!);
  }
  return undefined;
}

/**
 * JPEG Baseline (process 1) and Extended (process 2 & 4) with libjpeg-turbo's WebAssembly build.
 * libjpeg-turbo converts YCbCr to RGB, so YBR_FULL_422 / YBR_FULL images come out as RGB.
 */
export const jpegBaselineCodec: FrameCodec = {
  name: 'JPEG (libjpeg-turbo)',
  decode(stream, pixel) {
    const precision = framePrecision(stream);
    if (precision !== undefined && precision > 8) {
      throw new CodecError(
        `JPEG Extended stream with ${precision}-bit samples: the installed libjpeg-turbo build decodes 8-bit JPEG only; ` +
          `decompress with 'dcmdjpeg in.dcm out.dcm' first`,
      );
    }
    const module = loadWasmCodecModule('@cornerstonejs/codec-libjpeg-turbo-8bit', 'libjpegturbowasm_decode.js', 'libjpegturbowasm_decode.wasm');
    const { samples } = decodeWithWasm(module, 'JPEGDecoder', this.name, stream, pixel);
    return { samples, photometric: pixel.samplesPerPixel === 3 && pixel.photometric.startsWith('YBR_') ? 'RGB' : pixel.photometric };
  },
};
