import * as zlib from 'node:zlib';
import * as dicomParser from 'dicom-parser';
import { CorruptFileError } from '../errors';
import { byteCount } from './byte-count';

/** A zlib failure inside the deflated data set, carried out of dicom-parser as a sentence. */
class DeflateFailure extends Error {}

function inflate(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Buffer;
  try {
    inflated = zlib.inflateRawSync(bytes.subarray(position));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DeflateFailure(
      code === 'Z_BUF_ERROR'
        ? `truncated: the deflated data set ends at byte ${byteCount(bytes.length)} before its end`
        : `the deflated data set (from byte ${byteCount(position)}) is not a valid deflate stream`,
    );
  }
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position));
  out.set(inflated, position);
  return out;
}

/** dicom-parser throws strings or {exception, dataSet}: turn them into one sentence a user can act on. */
function describe(error: unknown, length: number): string {
  if (error instanceof DeflateFailure) return error.message;
  const raw = typeof error === 'string' ? error : (error as { exception?: unknown })?.exception ?? (error as Error)?.message ?? '';
  const text = String(raw);
  if (/DICM prefix not found/.test(text)) return "not a DICOM Part 10 file (no 'DICM' marker at byte 128)";
  if (/past end of buffer|buffer overrun|overread/i.test(text)) return `truncated: the header ends at byte ${byteCount(length)}`;
  const detail = text.replace(/^dicomParser[.:]\s*\w*:?\s*/, '').trim();
  return `the DICOM header cannot be parsed${detail ? ` (${detail})` : ''}`;
}

/**
 * Parses a Part 10 file up to and including the Pixel Data element's header (its value is read
 * by the codecs, frame by frame). Deflated data sets are inflated here; `byteArray` of the result
 * then holds the inflated bytes.
 */
export function parseDicomHeader(bytes: Uint8Array, file: string): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      untilTag: 'x7fe00010',
      // The typings say void; dicom-parser uses the returned bytes.
      inflater: inflate as unknown as NonNullable<dicomParser.ParseDicomOptions['inflater']>,
    });
  } catch (error) {
    throw new CorruptFileError({ file }, describe(error, bytes.length));
  }
}
