import { crc32 } from 'node:zlib';
import { HeatmapFormatError, RenderInputError } from './errors';

/**
 * Reading and writing PNG tEXt chunks, which pngjs neither writes nor returns. A chunk is
 * [length: u32 BE][type: 4 ASCII bytes][data][CRC-32 of type + data: u32 BE]; tEXt data is
 * `keyword NUL text`, both Latin-1 (PNG spec §11.3.4.3). New chunks go right after IHDR, where any
 * reader finds them before the image data. The CRC is Node's `zlib.crc32` (Node ≥ 20.15).
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function isLatin1Printable(code: number): boolean {
  return (code >= 32 && code <= 126) || (code >= 161 && code <= 255);
}

function textChunk(keyword: string, text: string): Buffer {
  const keywordOk =
    keyword.length >= 1 && keyword.length <= 79 && [...keyword].every((ch) => isLatin1Printable(ch.charCodeAt(0))) && keyword.trim() === keyword && !keyword.includes('  ');
  if (!keywordOk) throw new RenderInputError(`PNG text keyword '${keyword}' must be 1–79 printable Latin-1 characters without leading, trailing or double spaces`);
  if ([...text].some((ch) => ch.charCodeAt(0) > 255 || ch === '\0')) throw new RenderInputError(`PNG text for '${keyword}' must be Latin-1 without NUL`);
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  return chunk;
}

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  data: Buffer;
  end: number;
}

function* chunks(png: Buffer): Generator<Chunk> {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new HeatmapFormatError('not a PNG file (bad signature)');
  let offset = 8;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new HeatmapFormatError(`PNG truncated inside a chunk header at byte ${offset}`);
    const length = png.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new HeatmapFormatError(`PNG truncated: a chunk at byte ${offset} claims ${length} bytes`);
    const type = png.toString('latin1', offset + 4, offset + 8);
    yield { type, start: offset, data: png.subarray(offset + 8, offset + 8 + length), end };
    if (type === 'IEND') return;
    offset = end;
  }
  throw new HeatmapFormatError('PNG has no IEND chunk (truncated file)');
}

/** A copy of `png` with one tEXt chunk per entry inserted after IHDR. */
export function withTextChunks(png: Uint8Array, entries: Readonly<Record<string, string>>): Buffer {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const first = chunks(bytes).next();
  if (first.done || first.value.type !== 'IHDR') throw new HeatmapFormatError('PNG does not start with an IHDR chunk');
  const text = Object.entries(entries).map(([keyword, value]) => textChunk(keyword, value));
  return Buffer.concat([bytes.subarray(0, first.value.end), ...text, bytes.subarray(first.value.end)]);
}

/** Every tEXt chunk of `png` as keyword → text (the first of repeated keywords); CRCs are checked. */
export function readTextChunks(png: Uint8Array): Record<string, string> {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const out = new Map<string, string>();
  for (const chunk of chunks(bytes)) {
    if (chunk.type !== 'tEXt') continue;
    const stored = bytes.readUInt32BE(chunk.end - 4);
    if (crc32(bytes.subarray(chunk.start + 4, chunk.end - 4)) !== stored) throw new HeatmapFormatError(`PNG tEXt chunk at byte ${chunk.start} is damaged (CRC mismatch)`);
    const separator = chunk.data.indexOf(0);
    if (separator < 1) throw new HeatmapFormatError(`PNG tEXt chunk at byte ${chunk.start} has no keyword`);
    const keyword = chunk.data.toString('latin1', 0, separator);
    if (!out.has(keyword)) out.set(keyword, chunk.data.toString('latin1', separator + 1));
  }
  return Object.fromEntries(out);
}
