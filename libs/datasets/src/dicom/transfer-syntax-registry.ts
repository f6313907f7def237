import { htj2kCodec } from './codecs/htj2k-codec';
import { jpeg2000Codec } from './codecs/jpeg-2000-codec';
import { jpegBaselineCodec } from './codecs/jpeg-baseline-codec';
import { jpegExtendedCodec } from './codecs/jpeg-extended-codec';
import { jpegLosslessCodec } from './codecs/jpeg-lossless-codec';
import { jpegLsCodec } from './codecs/jpeg-ls-codec';
import { rleCodec } from './codecs/rle-codec';
import type { FrameCodec } from './pixel-codec';

/** How a transfer syntax stores pixels: uncompressed in one byte order, or encapsulated frames for a codec. */
export type PixelEncoding = { kind: 'native'; littleEndian: boolean } | { kind: 'encapsulated'; codec: FrameCodec };

export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
  lossy?: boolean;
}

const native = (littleEndian: boolean): PixelEncoding => ({ kind: 'native', littleEndian });
const codec = (c: FrameCodec): PixelEncoding => ({ kind: 'encapsulated', codec: c });

/** Every transfer syntax decoded. A new one is one line here (and a codec module if it is a new family). */
export const TRANSFER_SYNTAXES: readonly TransferSyntax[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encoding: native(true) },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: native(true) },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', encoding: native(true) },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', encoding: native(false) },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (process 1)', encoding: codec(jpegBaselineCodec), lossy: true },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (process 2 & 4)', encoding: codec(jpegExtendedCodec), lossy: true },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless (process 14)', encoding: codec(jpegLosslessCodec) },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless (process 14, selection value 1)', encoding: codec(jpegLosslessCodec) },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encoding: codec(jpegLsCodec) },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Near-Lossless', encoding: codec(jpegLsCodec), lossy: true },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless', encoding: codec(jpeg2000Codec) },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', encoding: codec(jpeg2000Codec), lossy: true },
  { uid: '1.2.840.10008.1.2.4.201', name: 'HTJ2K Lossless', encoding: codec(htj2kCodec) },
  { uid: '1.2.840.10008.1.2.4.202', name: 'HTJ2K Lossless RPCL', encoding: codec(htj2kCodec) },
  { uid: '1.2.840.10008.1.2.4.203', name: 'HTJ2K', encoding: codec(htj2kCodec), lossy: true },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: codec(rleCodec) },
];

const BY_UID = new Map(TRANSFER_SYNTAXES.map((s) => [s.uid, s]));

/** The registered syntax, or undefined (the caller names the file and the UID). */
export function findTransferSyntax(uid: string): TransferSyntax | undefined {
  return BY_UID.get(uid);
}
