import type { FrameCodec } from '../pixel-codec';
import { decodeWithWasm, loadWasmCodecModule } from '../wasm-codec-module';

/**
 * JPEG 2000 (lossless and lossy) with OpenJPEG's WebAssembly build. OpenJPEG undoes the
 * multi-component transform, so YBR_RCT / YBR_ICT images come out as RGB.
 */
export const jpeg2000Codec: FrameCodec = {
  name: 'JPEG 2000 (OpenJPEG)',
  decode(stream, pixel) {
    const module = loadWasmCodecModule('@cornerstonejs/codec-openjpeg', 'openjpegwasm_decode.js', 'openjpegwasm_decode.wasm');
    const { samples } = decodeWithWasm(module, 'J2KDecoder', this.name, stream, pixel);
    return { samples, photometric: pixel.samplesPerPixel === 3 && pixel.photometric.startsWith('YBR_') && pixel.photometric !== 'YBR_FULL' ? 'RGB' : pixel.photometric };
  },
};
