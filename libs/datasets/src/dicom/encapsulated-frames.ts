import { CorruptFileError } from '../errors';
import { byteCount } from './byte-count';

interface Fragment {
  /** File offset of the fragment's first byte. */
  offset: number;
  length: number;
}

/** Walks the items of encapsulated pixel data (PS3.5 A.4): the offset table, then the fragments. */
function walkItems(bytes: Uint8Array, start: number, file: string): { table: Fragment; fragments: Fragment[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const items: Fragment[] = [];
  let at = start;
  for (;;) {
    if (at + 8 > bytes.length) {
      throw new CorruptFileError({ file }, `truncated: pixel data ends at byte ${byteCount(bytes.length)} before its sequence delimiter`);
    }
    const group = view.getUint16(at, true);
    const element = view.getUint16(at + 2, true);
    const length = view.getUint32(at + 4, true);
    if (group === 0xfffe && element === 0xe0dd) break;
    if (group !== 0xfffe || element !== 0xe000) {
      throw new CorruptFileError({ file }, `encapsulated pixel data has tag (${hex(group)},${hex(element)}) at byte ${byteCount(at)} where an item was expected`);
    }
    if (at + 8 + length > bytes.length) {
      throw new CorruptFileError({ file }, `truncated: pixel data ends at byte ${byteCount(bytes.length)} of ${byteCount(at + 8 + length)}`);
    }
    items.push({ offset: at + 8, length });
    at += 8 + length;
  }
  if (items.length < 2) throw new CorruptFileError({ file }, 'encapsulated pixel data holds no fragment');
  return { table: items[0]!, fragments: items.slice(1) };
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

function concat(bytes: Uint8Array, fragments: Fragment[]): Uint8Array {
  if (fragments.length === 1) return bytes.subarray(fragments[0]!.offset, fragments[0]!.offset + fragments[0]!.length);
  const out = new Uint8Array(fragments.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of fragments) {
    out.set(bytes.subarray(f.offset, f.offset + f.length), o);
    o += f.length;
  }
  return out;
}

/** Does a fragment begin a codestream (JPEG / JPEG-LS SOI, JPEG 2000 SOC, or a JP2 signature box)? */
function startsFrame(bytes: Uint8Array, f: Fragment): boolean {
  const a = bytes[f.offset];
  const b = bytes[f.offset + 1];
  return (a === 0xff && (b === 0xd8 || b === 0x4f)) || (a === 0x00 && b === 0x00 && bytes[f.offset + 4] === 0x6a);
}

/**
 * The compressed stream of one frame. The basic offset table says where each frame starts when it
 * is filled in; otherwise one fragment per frame when the counts agree, otherwise fragments are
 * grouped at each codestream start marker (fragment walking).
 */
export function readEncapsulatedFrame(bytes: Uint8Array, dataOffset: number, frame: number, frames: number, file: string): Uint8Array {
  const { table, fragments } = walkItems(bytes, dataOffset, file);
  const firstFragment = fragments[0]!.offset - 8;
  let groups: Fragment[][];
  if (table.length >= 4 * frames && frames > 1) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + table.offset, table.length);
    const starts = Array.from({ length: frames }, (_, k) => firstFragment + view.getUint32(4 * k, true));
    groups = starts.map((start, k) => {
      const end = k + 1 < frames ? starts[k + 1]! : Infinity;
      return fragments.filter((f) => f.offset - 8 >= start && f.offset - 8 < end);
    });
  } else if (frames === 1) {
    groups = [fragments];
  } else if (fragments.length === frames) {
    groups = fragments.map((f) => [f]);
  } else {
    groups = [];
    for (const f of fragments) {
      if (groups.length === 0 || startsFrame(bytes, f)) groups.push([f]);
      else groups[groups.length - 1]!.push(f);
    }
  }
  if (groups.length < frames || groups.some((g) => g.length === 0)) {
    throw new CorruptFileError({ file }, `encapsulated pixel data holds ${groups.filter((g) => g.length > 0).length} frame(s) but Number of Frames is ${frames}`);
  }
  return concat(bytes, groups[frame]!);
}
