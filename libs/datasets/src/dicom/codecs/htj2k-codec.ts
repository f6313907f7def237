import type { FrameCodec } from '../pixel-codec';
import { decodeWithWasm, loadWasmCodecModule } from '../wasm-codec-module';

/** High-Throughput JPEG 2000 (Part 15) with OpenJPH's WebAssembly build; the colour transform is undone like JPEG 2000's. */
export const htj2kCodec: FrameCodec = {
  name: 'HTJ2K (OpenJPH)',
  decode(stream, pixel) {
    const module = loadWasmCodecModule('@cornerstonejs/codec-openjph', 'openjphjs.js', 'openjphjs.wasm');
    const { samples } = decodeWithWasm(module, 'HTJ2KDecoder', this.name, stream, pixel);
    return { samples, photometric: pixel.samplesPerPixel === 3 && pixel.photometric.startsWith('YBR_') && pixel.photometric !== 'YBR_FULL' ? 'RGB' : pixel.photometric };
  },
};
