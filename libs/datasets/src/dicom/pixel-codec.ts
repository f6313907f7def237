import type { PixelModule } from './pixel-module';

/** Stored sample values of one frame, samples interleaved (R G B R G B … for colour). */
export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

export interface DecodedFrame {
  samples: SampleArray;
  /** The colour space of `samples`: a codec that converts (JPEG's YCbCr, JPEG 2000's MCT) says RGB. */
  photometric: string;
}

/**
 * One family of compressed pixel data (JPEG 2000, JPEG-LS, …). A codec turns one frame's
 * compressed stream into stored sample values; the transfer-syntax registry says which codec a
 * file's syntax needs. Failures throw `CodecError` with a sentence, never the decoder's raw value.
 */
export interface FrameCodec {
  /** Human name with the library used, for messages ("JPEG 2000 (OpenJPEG)"). */
  readonly name: string;
  decode(stream: Uint8Array, pixel: PixelModule): DecodedFrame;
}

/** A decoder refused a stream: the message says what, the caller adds which file. */
export class CodecError extends Error {
  override name = 'CodecError';
}

/** Checks the decoded geometry matches the header, so a mismatched stream is named, not misread. */
export function expectGeometry(
  codec: string,
  pixel: PixelModule,
  found: { width: number; height: number; components: number },
): void {
  if (found.width !== pixel.columns || found.height !== pixel.rows || found.components !== pixel.samplesPerPixel) {
    throw new CodecError(
      `${codec} stream is ${found.width}×${found.height}×${found.components} but the header says ` +
        `${pixel.columns}×${pixel.rows}×${pixel.samplesPerPixel}`,
    );
  }
}
