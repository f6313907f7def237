/** What a JPEG stream's frame header (SOFn, ITU-T T.81 B.2.2) says about the image. */
export interface JpegFrameHeader {
  /** The SOF marker's low byte: 0xc0 baseline, 0xc1 extended Huffman, 0xc3 lossless, … */
  marker: number;
  /** Sample precision in bits (8 or 12 for DCT processes, 2–16 lossless). */
  precision: number;
  rows: number;
  columns: number;
  components: number;
}

// Markers of the 0xC0–0xCF range that are not frame headers: DHT, JPG (reserved), DAC.
const NOT_FRAME = new Set([0xc4, 0xc8, 0xcc]);

/**
 * Walks the marker segments after SOI to the first frame header. Undefined when the stream does not
 * start with SOI or ends before a frame header: the decoder then says what is wrong.
 */
export function readJpegFrameHeader(stream: Uint8Array): JpegFrameHeader | undefined {
  if (stream[0] !== 0xff || stream[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 3 < stream.length) {
    if (stream[i] !== 0xff) return undefined;
    const marker = stream[i + 1]!;
    if (marker === 0xff) {
      i += 1; // a fill byte before a marker
      continue;
    }
    const length = (stream[i + 2]! << 8) | stream[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && !NOT_FRAME.has(marker)) {
      if (i + 9 >= stream.length) return undefined;
      return {
        marker,
        precision: stream[i + 4]!,
        rows: (stream[i + 5]! << 8) | stream[i + 6]!,
        columns: (stream[i + 7]! << 8) | stream[i + 8]!,
        components: stream[i + 9]!,
      };
    }
    i += 2 + length;
  }
  return undefined;
}
