/**
 * Writes DICOM Part 10 files byte by byte (preamble, DICM, file meta, explicit VR little or big
 * endian dataset) so tests need no downloaded fixtures. Uncompressed pixels by default; with
 * `encapsulatedFrames` the pixel data is encapsulated (one fragment per frame, basic offset table
 * optional) for codec streams made by an encoder. Only what readers and DICOM tools look at is written.
 */
export interface DicomFixtureOptions {
  rows: number;
  columns: number;
  /** Stored values, row-major, samples interleaved, frames one after another. */
  pixels: ArrayLike<number>;
  bitsAllocated?: 1 | 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  samplesPerPixel?: 1 | 3;
  photometric?: string;
  /** 1 writes RRR…GGG…BBB… per frame (the pixels are still given interleaved). */
  planarConfiguration?: 0 | 1;
  frames?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number;
  windowWidth?: number;
  transferSyntax?: string;
  /** Compressed frame streams: written as encapsulated pixel data instead of `pixels`. */
  encapsulatedFrames?: Uint8Array[];
  /** Write the basic offset table of encapsulated frames (default true). */
  basicOffsetTable?: boolean;
  patientId?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  modality?: string;
  studyDate?: string;
  viewPosition?: string;
  imageLaterality?: string;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function element(group: number, el: number, vr: string, value: Uint8Array, littleEndian = true): Uint8Array {
  const padded = value.length % 2 === 1 ? Uint8Array.from([...value, vr === 'UI' || vr === 'OB' ? 0 : 0x20]) : value;
  const long = LONG_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, littleEndian);
  view.setUint16(2, el, littleEndian);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, padded.length, littleEndian);
  else view.setUint16(6, padded.length, littleEndian);
  const out = new Uint8Array(header.length + padded.length);
  out.set(header);
  out.set(padded, header.length);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);
function us(v: number, littleEndian = true): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, littleEndian);
  return b;
}
function ul(v: number, littleEndian = true): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, littleEndian);
  return b;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An item (FFFE,E000) of encapsulated pixel data, padded to even length. */
function item(bytes: Uint8Array): Uint8Array {
  const padded = bytes.length % 2 === 1 ? concatBytes([bytes, new Uint8Array(1)]) : bytes;
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, padded.length, true);
  return concatBytes([header, padded]);
}

function encapsulated(frames: Uint8Array[], withTable: boolean): Uint8Array {
  const items = frames.map(item);
  const offsets: number[] = [];
  let offset = 0;
  for (const it of items) {
    offsets.push(offset);
    offset += it.length;
  }
  const table = withTable ? concatBytes(offsets.map((o) => ul(o))) : new Uint8Array(0);
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  header[4] = 'O'.charCodeAt(0);
  header[5] = 'B'.charCodeAt(0);
  view.setUint32(8, 0xffffffff, true);
  const delimiter = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return concatBytes([header, item(table), ...items, delimiter]);
}

/** Native pixel bytes in the file's layout (packed bits for 1-bit, planes for planar configuration 1). */
function nativePixels(options: DicomFixtureOptions, bits: number, littleEndian: boolean): Uint8Array {
  const samples = options.samplesPerPixel ?? 1;
  const frames = options.frames ?? 1;
  const perFrame = options.rows * options.columns * samples;
  const total = perFrame * frames;
  const order = (i: number): number => {
    if (options.planarConfiguration !== 1 || samples === 1) return i;
    const frame = Math.floor(i / perFrame);
    const within = i % perFrame;
    const pixels = options.rows * options.columns;
    const plane = Math.floor(within / pixels);
    return frame * perFrame + (within % pixels) * samples + plane;
  };
  if (bits === 1) {
    const out = new Uint8Array(Math.ceil(total / 8));
    for (let i = 0; i < total; i++) if (Number(options.pixels[i] ?? 0) & 1) out[i >> 3]! |= 1 << (i & 7);
    return out.length % 2 === 1 ? concatBytes([out, new Uint8Array(1)]) : out;
  }
  const out = new Uint8Array(total * (bits / 8));
  const view = new DataView(out.buffer);
  for (let i = 0; i < total; i++) {
    const v = Number(options.pixels[order(i)] ?? 0);
    if (bits === 8) out[i] = v & 0xff;
    else view.setUint16(i * 2, v < 0 ? v + 65536 : v, littleEndian);
  }
  return out;
}

export function writeDicomPart10(options: DicomFixtureOptions): Uint8Array {
  const bits = options.bitsAllocated ?? 16;
  const syntax = options.transferSyntax ?? '1.2.840.10008.1.2.1';
  const littleEndian = syntax !== '1.2.840.10008.1.2.2';
  const samples = options.samplesPerPixel ?? 1;
  const sop = options.sopInstanceUid ?? '1.2.826.0.1.3680043.2.1125.1.1';
  const metaBody = concatBytes([
    element(0x0002, 0x0001, 'OB', Uint8Array.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text('1.2.840.10008.5.1.4.1.1.1.2')),
    element(0x0002, 0x0003, 'UI', text(sop)),
    element(0x0002, 0x0010, 'UI', text(syntax)),
    element(0x0002, 0x0012, 'UI', text('1.2.826.0.1.3680043.2.1125.9')),
  ]);
  const meta = concatBytes([element(0x0002, 0x0000, 'UL', ul(metaBody.length)), metaBody]);
  const e = (group: number, el: number, vr: string, value: Uint8Array) => element(group, el, vr, value, littleEndian);
  const u16 = (v: number) => us(v, littleEndian);
  const parts: Uint8Array[] = [
    e(0x0008, 0x0016, 'UI', text('1.2.840.10008.5.1.4.1.1.1.2')),
    e(0x0008, 0x0018, 'UI', text(sop)),
    e(0x0008, 0x0020, 'DA', text(options.studyDate ?? '20240101')),
    e(0x0008, 0x0060, 'CS', text(options.modality ?? 'MG')),
    e(0x0010, 0x0020, 'LO', text(options.patientId ?? 'P1')),
    e(0x0018, 0x5101, 'CS', text(options.viewPosition ?? '')),
    e(0x0020, 0x000d, 'UI', text(options.studyInstanceUid ?? '1.2.826.0.1.3680043.2.1125.2')),
    e(0x0020, 0x000e, 'UI', text(options.seriesInstanceUid ?? '1.2.826.0.1.3680043.2.1125.3')),
    e(0x0020, 0x0062, 'CS', text(options.imageLaterality ?? '')),
    e(0x0028, 0x0002, 'US', u16(samples)),
    e(0x0028, 0x0004, 'CS', text(options.photometric ?? (samples === 3 ? 'RGB' : 'MONOCHROME2'))),
  ];
  if (samples > 1) parts.push(e(0x0028, 0x0006, 'US', u16(options.planarConfiguration ?? 0)));
  if ((options.frames ?? 1) > 1) parts.push(e(0x0028, 0x0008, 'IS', text(String(options.frames))));
  parts.push(
    e(0x0028, 0x0010, 'US', u16(options.rows)),
    e(0x0028, 0x0011, 'US', u16(options.columns)),
    e(0x0028, 0x0100, 'US', u16(bits)),
    e(0x0028, 0x0101, 'US', u16(options.bitsStored ?? bits)),
    e(0x0028, 0x0102, 'US', u16((options.bitsStored ?? bits) - 1)),
    e(0x0028, 0x0103, 'US', u16(options.signed ? 1 : 0)),
  );
  if (options.windowCenter !== undefined) parts.push(e(0x0028, 0x1050, 'DS', text(String(options.windowCenter))));
  if (options.windowWidth !== undefined) parts.push(e(0x0028, 0x1051, 'DS', text(String(options.windowWidth))));
  if (options.rescaleIntercept !== undefined) parts.push(e(0x0028, 0x1052, 'DS', text(String(options.rescaleIntercept))));
  if (options.rescaleSlope !== undefined) parts.push(e(0x0028, 0x1053, 'DS', text(String(options.rescaleSlope))));
  if (options.encapsulatedFrames) parts.push(encapsulated(options.encapsulatedFrames, options.basicOffsetTable ?? true));
  else parts.push(e(0x7fe0, 0x0010, bits === 16 ? 'OW' : 'OB', nativePixels(options, bits, littleEndian)));
  return concatBytes([new Uint8Array(128), text('DICM'), meta, ...parts]);
}
