/**
 * Writes minimal DICOM Part 10 files byte by byte (preamble, DICM, file meta, explicit VR little
 * endian dataset) so tests need no downloaded fixtures. Only what the readers look at is written.
 */
export interface DicomFixtureOptions {
  rows: number;
  columns: number;
  /** Stored values, row-major. */
  pixels: ArrayLike<number>;
  bitsAllocated?: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  photometric?: 'MONOCHROME1' | 'MONOCHROME2';
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number;
  windowWidth?: number;
  transferSyntax?: string;
  patientId?: string;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function element(group: number, el: number, vr: string, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 === 1 ? Uint8Array.from([...value, vr === 'UI' || vr === 'OB' ? 0 : 0x20]) : value;
  const long = LONG_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, el, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, padded.length, true);
  else view.setUint16(6, padded.length, true);
  const out = new Uint8Array(header.length + padded.length);
  out.set(header);
  out.set(padded, header.length);
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);
const us = (v: number) => {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, true);
  return b;
};
const ul = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function writeDicomPart10(options: DicomFixtureOptions): Uint8Array {
  const bits = options.bitsAllocated ?? 16;
  const syntax = options.transferSyntax ?? '1.2.840.10008.1.2.1';
  const metaBody = concat([
    element(0x0002, 0x0001, 'OB', Uint8Array.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text('1.2.840.10008.5.1.4.1.1.1.2')),
    element(0x0002, 0x0003, 'UI', text('1.2.3.4.5')),
    element(0x0002, 0x0010, 'UI', text(syntax)),
  ]);
  const meta = concat([element(0x0002, 0x0000, 'UL', ul(metaBody.length)), metaBody]);
  const pixelBytes = new Uint8Array(options.rows * options.columns * (bits / 8));
  const pv = new DataView(pixelBytes.buffer);
  for (let i = 0; i < options.rows * options.columns; i++) {
    const v = Number(options.pixels[i] ?? 0);
    if (bits === 8) pixelBytes[i] = v & 0xff;
    else pv.setUint16(i * 2, v < 0 ? v + 65536 : v, true);
  }
  const parts = [
    element(0x0008, 0x0060, 'CS', text('MG')),
    element(0x0010, 0x0020, 'LO', text(options.patientId ?? 'P1')),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', text(options.photometric ?? 'MONOCHROME2')),
    element(0x0028, 0x0010, 'US', us(options.rows)),
    element(0x0028, 0x0011, 'US', us(options.columns)),
    element(0x0028, 0x0100, 'US', us(bits)),
    element(0x0028, 0x0101, 'US', us(options.bitsStored ?? bits)),
    element(0x0028, 0x0102, 'US', us((options.bitsStored ?? bits) - 1)),
    element(0x0028, 0x0103, 'US', us(options.signed ? 1 : 0)),
  ];
  if (options.windowCenter !== undefined) parts.push(element(0x0028, 0x1050, 'DS', text(String(options.windowCenter))));
  if (options.windowWidth !== undefined) parts.push(element(0x0028, 0x1051, 'DS', text(String(options.windowWidth))));
  if (options.rescaleIntercept !== undefined) parts.push(element(0x0028, 0x1052, 'DS', text(String(options.rescaleIntercept))));
  if (options.rescaleSlope !== undefined) parts.push(element(0x0028, 0x1053, 'DS', text(String(options.rescaleSlope))));
  parts.push(element(0x7fe0, 0x0010, bits === 8 ? 'OB' : 'OW', pixelBytes));
  return concat([new Uint8Array(128), text('DICM'), meta, ...parts]);
}
