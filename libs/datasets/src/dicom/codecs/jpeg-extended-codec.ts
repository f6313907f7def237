import { CodecError, type FrameCodec } from '../pixel-codec';
import { jpeg12BitCodec } from './jpeg-12bit-codec';
import { jpegBaselineCodec } from './jpeg-baseline-codec';
import { readJpegFrameHeader } from './jpeg-frame-header';

/**
 * JPEG Extended (process 2 & 4): 8-bit streams go to libjpeg-turbo like Baseline, 12-bit ones to
 * dcmtk's IJG 12-bit codec; the stream's frame header says which.
 */
export const jpegExtendedCodec: FrameCodec = {
  name: 'JPEG Extended (libjpeg-turbo 8-bit, dcmtk IJG 12-bit)',
  decode(stream, pixel) {
    const precision = readJpegFrameHeader(stream)?.precision;
    if (precision === 12) return jpeg12BitCodec.decode(stream, pixel);
    if (precision !== undefined && precision !== 8) {
      throw new CodecError(`JPEG Extended stream with ${precision}-bit samples: the standard allows 8 or 12`);
    }
    return jpegBaselineCodec.decode(stream, pixel); // 8-bit, or no header found: libjpeg-turbo names the defect
  },
};
