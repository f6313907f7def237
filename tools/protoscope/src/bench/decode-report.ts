/**
 * `protoscope bench decode`: decode throughput of 512×512 DICOM images (16 bits allocated) compressed
 * as JPEG 2000 (lossless), JPEG Lossless (process 14, SV1) and 12-bit JPEG Extended (process 2 & 4,
 * the same images with 12 bits stored), as the batch loader sees them — a cold decode,
 * the loader's first epoch (decode + resize into the decode cache), its second epoch (cache hits) —
 * and the import's parallel "does every image decode" check. The compressed files are made with
 * Debian's dcmtk (dcmcjpeg) and libgdcm-tools (gdcmconv).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ArrayStore,
  DecodeCache,
  checkImages,
  decodeImageFile,
  decodeRecord,
  importDataset,
  openDataset,
  writeDicomPart10,
} from '@protoscope/datasets';

const SIZE = 512;
const SYNTAXES = [
  { name: 'JPEG 2000 Lossless', uid: '1.2.840.10008.1.2.4.90', bitsStored: 16, tool: ['gdcmconv', '--j2k'] },
  { name: 'JPEG Lossless SV1', uid: '1.2.840.10008.1.2.4.70', bitsStored: 16, tool: ['dcmcjpeg', '+e1'] },
  // DCT JPEG holds at most 12 bits: +bt forces 12-bit samples, +sr keeps the stored range.
  { name: 'JPEG Extended 12-bit', uid: '1.2.840.10008.1.2.4.51', bitsStored: 12, tool: ['dcmcjpeg', '+ee', '+bt', '+q', '95', '+sr'] },
];

/** A mammogram-like 16-bit image: smooth tissue, an edge and sensor noise (seeded, so runs compare). */
function image(seed: number): number[] {
  let state = seed * 2654435761;
  const noise = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 600;
  return Array.from({ length: SIZE * SIZE }, (_, i) => {
    const x = i % SIZE;
    const y = Math.floor(i / SIZE);
    const tissue = x < 400 + 60 * Math.sin(y / 40 + seed) ? 30000 + 12000 * Math.cos(x / 90) * Math.sin(y / 70) : 2000;
    return Math.max(0, Math.min(65535, Math.round(tissue + noise())));
  });
}

function perSecond(count: number, run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return +(count / seconds).toFixed(2);
}

export interface DecodeBenchOptions {
  images: number;
  loaderSize: number;
}

export interface DecodeSyntaxFigures {
  transferSyntax: string;
  uid: string;
  bitsStored: number;
  compressedKiBPerImage: number;
  decodeImagesPerSecond: number;
  importCheckImagesPerSecond: number;
  loaderEpoch1ImagesPerSecond: number;
  loaderEpoch2ImagesPerSecond: number;
  cacheHits: number;
  cacheMisses: number;
}

/** The machine-readable result of `protoscope bench decode --json` (keys documented in docs/datasets.md). */
export interface DecodeReport {
  benchmark: 'decode';
  imageSize: number;
  bitsAllocated: number;
  images: number;
  loaderSize: number;
  importCheckThreads: number;
  node: string;
  cpu: string;
  results: DecodeSyntaxFigures[];
}

function compress(tool: string[], input: string, output: string): void {
  try {
    execFileSync(tool[0]!, [...tool.slice(1), input, output], { stdio: 'pipe' });
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new Error(missing ? `${tool[0]} is not installed (Debian: ${tool[0] === 'gdcmconv' ? 'libgdcm-tools' : 'dcmtk'})` : `${tool.join(' ')} failed`);
  }
}

export async function runDecodeReport(options: DecodeBenchOptions): Promise<DecodeReport> {
  const { images, loaderSize } = options;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-decode-bench-'));
  try {
    const results: DecodeSyntaxFigures[] = [];
    for (const syntax of SYNTAXES) {
      const dir = path.join(work, syntax.uid);
      fs.mkdirSync(dir);
      const rows = ['path,label,patient_id,split'];
      let compressedBytes = 0;
      for (let k = 0; k < images; k++) {
        const plain = path.join(work, `plain${syntax.bitsStored}-${k}.dcm`);
        const shift = 16 - syntax.bitsStored;
        if (!fs.existsSync(plain)) {
          fs.writeFileSync(plain, writeDicomPart10({ rows: SIZE, columns: SIZE, pixels: image(k).map((v) => v >> shift), bitsAllocated: 16, bitsStored: syntax.bitsStored }));
        }
        const file = path.join(dir, `i${k}.dcm`);
        compress(syntax.tool, plain, file);
        compressedBytes += fs.statSync(file).size;
        rows.push(`i${k}.dcm,${k % 2 ? 'a' : 'b'},p${k},train`);
      }
      fs.writeFileSync(path.join(dir, 'labels.csv'), rows.join('\n'));
      const files = Array.from({ length: images }, (_, k) => path.join(dir, `i${k}.dcm`));
      files.forEach((f) => decodeImageFile(f, 'dicom')); // loads the codec and lets V8 tier its code up, outside the timing
      const decodeImagesPerSecond = perSecond(images, () => files.forEach((f) => decodeImageFile(f, 'dicom')));

      const startCheck = process.hrtime.bigint();
      await checkImages(files.map((file) => ({ file, format: 'dicom' as const, label: path.basename(file) })));
      const importCheckImagesPerSecond = +(images / (Number(process.hrtime.bigint() - startCheck) / 1e9)).toFixed(2);

      const out = path.join(dir, 'dataset');
      await importDataset('folder', dir, { out });
      const dataset = openDataset(out);
      const cache = new DecodeCache();
      const arrays = new ArrayStore();
      // What the batch loader does per sample: the cache keyed by record and output size.
      const epoch = () =>
        dataset.manifest.images.forEach((record) =>
          cache.getOrDecode(`${record.id}@${loaderSize}x${loaderSize}x1`, () => decodeRecord(dataset, record, { width: loaderSize, height: loaderSize, channels: 1 }, arrays)),
        );
      const loaderEpoch1ImagesPerSecond = perSecond(images, epoch);
      const loaderEpoch2ImagesPerSecond = perSecond(images, epoch);
      results.push({
        transferSyntax: syntax.name,
        uid: syntax.uid,
        bitsStored: syntax.bitsStored,
        compressedKiBPerImage: +(compressedBytes / images / 1024).toFixed(1),
        decodeImagesPerSecond,
        importCheckImagesPerSecond,
        loaderEpoch1ImagesPerSecond,
        loaderEpoch2ImagesPerSecond,
        cacheHits: cache.hits,
        cacheMisses: cache.misses,
      });
    }
    return {
      benchmark: 'decode',
      imageSize: SIZE,
      bitsAllocated: 16,
      images,
      loaderSize,
      importCheckThreads: Math.min(os.availableParallelism(), 4, images),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      results,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function formatDecodeReport(report: DecodeReport): string {
  const lines = [`decode throughput, ${report.images} images ${report.imageSize}×${report.imageSize} (16 bits allocated), loader size ${report.loaderSize} (images/s)`];
  for (const r of report.results) {
    lines.push(
      `  ${`${r.transferSyntax} (${r.bitsStored}-bit)`.padEnd(30)} decode ${r.decodeImagesPerSecond}  import check ${r.importCheckImagesPerSecond}  ` +
        `loader epoch 1 ${r.loaderEpoch1ImagesPerSecond}  epoch 2 (cache) ${r.loaderEpoch2ImagesPerSecond}  (${r.compressedKiBPerImage} KiB/image)`,
    );
  }
  return lines.join('\n');
}
