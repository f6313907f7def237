import { CodecError, expectGeometry, type FrameCodec } from '../pixel-codec';
import { withDcmjsCodecs } from '../dcmjs-native-codecs';
import { readJpegFrameHeader } from './jpeg-frame-header';

/**
 * libjpeg reports damage as warnings and goes on (painting the rest grey); these mean the image is
 * not what was stored. "Extraneous bytes before marker" is left alone: it is common and harmless.
 */
const DAMAGE = /EmitMessage::(Premature end of JPEG file|Corrupt JPEG data: (?!\d+ extraneous bytes))/;

/**
 * JPEG Extended (process 2 & 4) with 12-bit samples, by dcmtk's IJG 12-bit codec (the decoder behind
 * `dcmdjpeg`) in dcmjs-codecs' WebAssembly build. YCbCr colour comes out as RGB, like the 8-bit path.
 */
export const jpeg12BitCodec: FrameCodec = {
  name: 'JPEG 12-bit (dcmtk IJG, dcmjs-codecs)',
  decode(stream, pixel) {
    const frame = readJpegFrameHeader(stream);
    if (!frame) throw new CodecError(`the ${this.name} decoder found no JPEG frame header (SOF) in the stream (corrupt or truncated data)`);
    if (frame.precision !== 12) throw new CodecError(`the ${this.name} decoder takes 12-bit streams; this one has ${frame.precision}-bit samples`);
    expectGeometry(this.name, pixel, { width: frame.columns, height: frame.rows, components: frame.components });
    // The decoder writes two bytes per sample into a buffer sized by Bits Allocated: anything else would not fit.
    if (pixel.bitsAllocated !== 16) throw new CodecError(`a 12-bit JPEG stream needs Bits Allocated 16, the header says ${pixel.bitsAllocated}`);
    const toRgb = pixel.samplesPerPixel === 3;
    if (toRgb && pixel.signed) throw new CodecError('signed colour (Pixel Representation 1 with 3 samples per pixel) cannot be converted from JPEG YCbCr');
    let decoded: Uint8Array;
    let messages: string[];
    try {
      ({ result: decoded, messages } = withDcmjsCodecs(({ Context, NativeCodecs }) => {
        const context = new Context({
          width: pixel.columns,
          height: pixel.rows,
          bitsAllocated: pixel.bitsAllocated,
          bitsStored: pixel.bitsStored,
          samplesPerPixel: pixel.samplesPerPixel,
          pixelRepresentation: pixel.signed ? 1 : 0,
          planarConfiguration: 0,
          photometricInterpretation: toRgb ? 'YBR_FULL' : 'MONOCHROME2',
          encodedBuffer: stream,
        });
        return NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: toRgb }).getDecodedBuffer() ?? new Uint8Array(0);
      }));
    } catch (error) {
      const detail = error instanceof Error ? error.message.replace(/^JpegDecoder12::\w+::/, '') : 'no reason given';
      throw new CodecError(`the ${this.name} decoder rejected the stream (corrupt or truncated data: ${detail})`);
    }
    const damage = messages.find((m) => DAMAGE.test(m))?.replace(/^.*EmitMessage::/, '');
    if (damage && /premature end/i.test(damage)) {
      throw new CodecError(`truncated: the 12-bit JPEG stream (${stream.length.toLocaleString('en-US')} bytes) ends before the last row of the image (${this.name}: ${damage})`);
    }
    if (damage) throw new CodecError(`the ${this.name} decoder found the stream damaged (${damage})`);
    const samples = new Uint16Array(decoded.byteLength >> 1);
    new Uint8Array(samples.buffer).set(decoded.subarray(0, samples.byteLength));
    return { samples, photometric: toRgb ? 'RGB' : pixel.photometric };
  },
};
