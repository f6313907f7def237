import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDicomPart10, type DicomFixtureOptions } from './dicom-part10-writer';

// dcmcjpeg's lossy modes rescale monochrome pixels to their min–max unless +sr keeps the range, hence +sr.
/**
 * Compressed DICOM fixtures made honestly: small uncompressed references written by
 * `writeDicomPart10`, compressed by Debian's DICOM tools (dcmtk's dcmcjpeg / dcmcjpls / dcmcrle /
 * dcmconv, GDCM's gdcmconv for JPEG 2000). They are built once into a folder under the system
 * temp dir (kept between runs, rebuilt when missing or when the definitions change); a missing tool fails with the package to install.
 */
export const ROWS = 48;
export const COLUMNS = 64;

/** A smooth image with an edge and a little texture, so lossy codecs have something realistic to keep. */
function scene(max: number, phase = 0): number[] {
  return Array.from({ length: ROWS * COLUMNS }, (_, i) => {
    const x = i % COLUMNS;
    const y = Math.floor(i / COLUMNS);
    const blob = Math.exp(-((x - 40 - phase) ** 2 + (y - 20) ** 2) / 120);
    const ramp = (x + y) / (COLUMNS + ROWS);
    const texture = ((x * 7 + y * 13) % 5) / 40;
    return Math.round(max * Math.min(1, 0.15 + 0.45 * ramp + 0.35 * blob + texture));
  });
}

function colourScene(): number[] {
  const grey = scene(255);
  return grey.flatMap((g, i) => [g, Math.round((255 * (i % COLUMNS)) / COLUMNS), 255 - g]);
}

export const REFERENCES: Record<string, DicomFixtureOptions> = {
  mono8: { rows: ROWS, columns: COLUMNS, pixels: scene(255), bitsAllocated: 8 },
  mono12: { rows: ROWS, columns: COLUMNS, pixels: scene(4095), bitsStored: 12 },
  signed16: { rows: ROWS, columns: COLUMNS, pixels: scene(4000).map((v) => v - 2000), signed: true, bitsStored: 16 },
  rgb8: { rows: ROWS, columns: COLUMNS, pixels: colourScene(), bitsAllocated: 8, samplesPerPixel: 3 },
  frames12: { rows: ROWS, columns: COLUMNS, pixels: [...scene(4095), ...scene(4095, 20)], bitsStored: 12, frames: 2 },
  rgb12: { rows: ROWS, columns: COLUMNS, pixels: colourScene().map((v) => v * 16), bitsStored: 12, samplesPerPixel: 3 },
};

export interface CompressedFixture {
  name: string;
  reference: keyof typeof REFERENCES;
  transferSyntax: string;
  /** Maximum absolute difference allowed against the reference (0 = lossless). */
  maxError?: number;
  /** Minimum PSNR in dB against the reference, for lossy codecs. */
  minPsnr?: number;
  /** Also decompressed by dcmtk's `dcmdjpeg` into `<fixture>.dcmdjpeg.dcm`, which the decode must equal exactly. */
  dcmdjpegReference?: boolean;
  tool: [string, ...string[]];
}

const JPEG_LOSSLESS_SV1 = '1.2.840.10008.1.2.4.70';
export const COMPRESSED: CompressedFixture[] = [
  { name: 'mono8-jpeg-baseline', reference: 'mono8', transferSyntax: '1.2.840.10008.1.2.4.50', minPsnr: 35, tool: ['dcmcjpeg', '+eb', '+q', '95', '+sr'] },
  { name: 'mono8-jpeg-extended', reference: 'mono8', transferSyntax: '1.2.840.10008.1.2.4.51', minPsnr: 35, tool: ['dcmcjpeg', '+ee', '+q', '95', '+sr'] },
  { name: 'rgb8-jpeg-baseline-ybr422', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.4.50', minPsnr: 28, tool: ['dcmcjpeg', '+eb', '+q', '95'] },
  // 12-bit JPEG Extended (+bt forces 12-bit samples): dcmtk's own IJG codec decodes it, so the check is exact against dcmdjpeg.
  { name: 'mono12-jpeg-extended-12bit', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.51', minPsnr: 35, dcmdjpegReference: true, tool: ['dcmcjpeg', '+ee', '+bt', '+q', '95', '+sr'] },
  { name: 'rgb12-jpeg-extended-12bit', reference: 'rgb12', transferSyntax: '1.2.840.10008.1.2.4.51', minPsnr: 28, dcmdjpegReference: true, tool: ['dcmcjpeg', '+ee', '+bt', '+q', '95'] },
  { name: 'mono12-jpeg-lossless-sv1', reference: 'mono12', transferSyntax: JPEG_LOSSLESS_SV1, maxError: 0, tool: ['dcmcjpeg', '+e1'] },
  { name: 'mono12-jpeg-lossless-sv6', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.57', maxError: 0, tool: ['dcmcjpeg', '+el', '+sv', '6'] },
  { name: 'signed16-jpeg-lossless', reference: 'signed16', transferSyntax: JPEG_LOSSLESS_SV1, maxError: 0, tool: ['dcmcjpeg', '+e1'] },
  { name: 'rgb8-jpeg-lossless', reference: 'rgb8', transferSyntax: JPEG_LOSSLESS_SV1, maxError: 0, tool: ['dcmcjpeg', '+e1'] },
  { name: 'frames12-jpeg-lossless', reference: 'frames12', transferSyntax: JPEG_LOSSLESS_SV1, maxError: 0, tool: ['dcmcjpeg', '+e1'] },
  { name: 'mono12-jpeg-ls', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.80', maxError: 0, tool: ['dcmcjpls', '+el'] },
  { name: 'signed16-jpeg-ls', reference: 'signed16', transferSyntax: '1.2.840.10008.1.2.4.80', maxError: 0, tool: ['dcmcjpls', '+el'] },
  { name: 'rgb8-jpeg-ls', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.4.80', maxError: 0, tool: ['dcmcjpls', '+el'] },
  { name: 'rgb8-jpeg-ls-uninterleaved', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.4.80', maxError: 0, tool: ['dcmcjpls', '+el', '+in'] },
  // NEAR = 2 is dcmcjpls's default: JPEG-LS guarantees every sample within ±NEAR.
  { name: 'mono12-jpeg-ls-near', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.81', maxError: 2, tool: ['dcmcjpls', '+en'] },
  { name: 'mono12-rle', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.5', maxError: 0, tool: ['dcmcrle'] },
  { name: 'signed16-rle', reference: 'signed16', transferSyntax: '1.2.840.10008.1.2.5', maxError: 0, tool: ['dcmcrle'] },
  { name: 'rgb8-rle', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.5', maxError: 0, tool: ['dcmcrle'] },
  { name: 'mono12-j2k', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.90', maxError: 0, tool: ['gdcmconv', '--j2k'] },
  { name: 'signed16-j2k', reference: 'signed16', transferSyntax: '1.2.840.10008.1.2.4.90', maxError: 0, tool: ['gdcmconv', '--j2k'] },
  { name: 'rgb8-j2k', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.4.90', maxError: 0, tool: ['gdcmconv', '--j2k'] },
  { name: 'mono12-j2k-lossy', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.4.91', minPsnr: 40, tool: ['gdcmconv', '--j2k', '--lossy', '-r', '4'] },
  { name: 'rgb8-j2k-lossy', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.4.91', minPsnr: 30, tool: ['gdcmconv', '--j2k', '--lossy', '-r', '4'] },
  { name: 'mono12-deflated', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2.1.99', maxError: 0, tool: ['dcmconv', '+td'] },
  { name: 'signed16-big-endian', reference: 'signed16', transferSyntax: '1.2.840.10008.1.2.2', maxError: 0, tool: ['dcmconv', '+tb'] },
  { name: 'rgb8-big-endian', reference: 'rgb8', transferSyntax: '1.2.840.10008.1.2.2', maxError: 0, tool: ['dcmconv', '+tb'] },
  { name: 'mono12-implicit', reference: 'mono12', transferSyntax: '1.2.840.10008.1.2', maxError: 0, tool: ['dcmconv', '+ti'] },
];

const PACKAGE_OF: Record<string, string> = { dcmcjpeg: 'dcmtk', dcmdjpeg: 'dcmtk', dcmcjpls: 'dcmtk', dcmcrle: 'dcmtk', dcmconv: 'dcmtk', gdcmconv: 'libgdcm-tools' };

/** The fixtures folder: references as `<name>.dcm`, compressed files as `<fixture>.dcm`. */
export function dicomFixturesDir(): string {
  // Named by a hash of the definitions, so a changed fixture is rebuilt rather than read stale.
  const version = createHash('sha256').update(JSON.stringify({ REFERENCES, COMPRESSED })).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `protoscope-dicom-fixtures-${version}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, options] of Object.entries(REFERENCES)) {
    const file = path.join(dir, `${name}.dcm`);
    if (!fs.existsSync(file)) writeAtomically(file, writeDicomPart10(options));
  }
  for (const fixture of COMPRESSED) {
    const file = path.join(dir, `${fixture.name}.dcm`);
    runTool(fixture.tool, path.join(dir, `${fixture.reference}.dcm`), file);
    if (fixture.dcmdjpegReference) runTool(['dcmdjpeg'], file, path.join(dir, `${fixture.name}.dcmdjpeg.dcm`));
  }
  return dir;
}

/** Runs `tool … input output` unless the output exists, writing it under a temporary name first. */
function runTool([tool, ...args]: [string, ...string[]], input: string, output: string): void {
  if (fs.existsSync(output)) return;
  const temp = `${output}.${process.pid}.tmp`;
  try {
    execFileSync(tool, [...args, input, temp], { stdio: 'pipe' });
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new Error(
      missing
        ? `${tool} is not installed: the DICOM fixtures need Debian's ${PACKAGE_OF[tool]} (apt-get install ${PACKAGE_OF[tool]})`
        : `${[tool, ...args].join(' ')} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
    );
  }
  fs.renameSync(temp, output);
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}
