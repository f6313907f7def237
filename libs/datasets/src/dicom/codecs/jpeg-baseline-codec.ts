import { CodecError, type FrameCodec } from '../pixel-codec';
import { decodeWithWasm, loadWasmCodecModule } from '../wasm-codec-module';
import { readJpegFrameHeader } from './jpeg-frame-header';

/**
 * 8-bit JPEG: Baseline (process 1), and Extended (process 2 & 4) streams of 8-bit samples, with
 * libjpeg-turbo's WebAssembly build. libjpeg-turbo converts YCbCr to RGB, so YBR_FULL_422 /
 * YBR_FULL images come out as RGB. 12-bit Extended streams go to `jpeg-12bit-codec.ts`.
 */
export const jpegBaselineCodec: FrameCodec = {
  name: 'JPEG (libjpeg-turbo)',
  decode(stream, pixel) {
    const precision = readJpegFrameHeader(stream)?.precision;
    if (precision !== undefined && precision !== 8) {
      // Process 1 is 8-bit only: a deeper stream means the file names the wrong transfer syntax.
      throw new CodecError(
        `a JPEG Baseline stream must have 8-bit samples, this one has ${precision}-bit samples ` +
          `(${precision === 12 ? 'JPEG Extended, 1.2.840.10008.1.2.4.51, is the transfer syntax that allows them' : 'not a DCT JPEG the standard allows'})`,
      );
    }
    const module = loadWasmCodecModule('@cornerstonejs/codec-libjpeg-turbo-8bit', 'libjpegturbowasm_decode.js', 'libjpegturbowasm_decode.wasm');
    const { samples } = decodeWithWasm(module, 'JPEGDecoder', this.name, stream, pixel);
    return { samples, photometric: pixel.samplesPerPixel === 3 && pixel.photometric.startsWith('YBR_') ? 'RGB' : pixel.photometric };
  },
};
