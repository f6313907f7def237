import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { DicomwebAbortError, DicomwebError, dicomwebStagingDir, importDataset, openDataset, pairViews, writeDicomPart10 } from '@protoscope/datasets';
import { trainRun } from '../application/train/train-run';
import { startOrthanc, type OrthancTestServer } from './orthanc-test-server';

/**
 * DICOMweb import against a real PACS: Orthanc with its DICOMweb plugin, started on a free port and
 * loaded through its REST API with 20 mammography instances (5 patients × 2 breasts × CC/MLO),
 * stored in several transfer syntaxes by Debian's DICOM tools.
 */
const QUERY = 'StudyDate=20240101-20241231&ModalitiesInStudy=MG';
const PATIENTS = [
  { id: 'P01', label: 'malignant', split: 'train' },
  { id: 'P02', label: 'benign', split: 'train' },
  { id: 'P03', label: 'malignant', split: 'train' },
  { id: 'P04', label: 'benign', split: 'val' },
  { id: 'P05', label: 'malignant', split: 'val' },
];
/** Compressors applied in turn (none = stored uncompressed). */
const COMPRESS: Array<string[] | undefined> = [undefined, ['gdcmconv', '--j2k'], ['dcmcjpls', '+el'], ['dcmcrle'], ['dcmcjpeg', '+e1']];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-dicomweb-'));
let orthanc: OrthancTestServer;
let labelsCsv: string;
const uploaded: Array<{ sop: string; study: string; view: string; laterality: string; label: string }> = [];

function instance(p: number, k: number): { bytes: Uint8Array; sop: string; study: string; view: string; laterality: string } {
  const laterality = k < 2 ? 'L' : 'R';
  const view = k % 2 === 0 ? 'CC' : 'MLO';
  const study = `1.2.826.0.1.3680043.2.1125.7.${p + 1}`;
  const sop = `${study}.${k + 1}`;
  const size = 32;
  const malignant = PATIENTS[p]!.label === 'malignant';
  const pixels = Array.from({ length: size * size }, (_, i) => {
    const x = i % size;
    const y = Math.floor(i / size);
    const blob = Math.exp(-((x - 16 - k) ** 2 + (y - 14 - p) ** 2) / (malignant ? 12 : 40));
    return Math.round(400 + 2500 * blob + ((x * 3 + y * 5 + p) % 7) * 20);
  });
  const bytes = writeDicomPart10({
    rows: size, columns: size, pixels, bitsStored: 12,
    patientId: PATIENTS[p]!.id, studyInstanceUid: study, seriesInstanceUid: `${study}.0`, sopInstanceUid: sop,
    studyDate: '20240315', modality: 'MG', viewPosition: view, imageLaterality: laterality,
  });
  return { bytes, sop, study, view, laterality };
}

beforeAll(async () => {
  orthanc = await startOrthanc();
  const rows = ['StudyInstanceUID,SOPInstanceUID,label,split'];
  for (let p = 0; p < PATIENTS.length; p++) {
    for (let k = 0; k < 4; k++) {
      const made = instance(p, k);
      const n = p * 4 + k;
      const plain = path.join(root, `in-${n}.dcm`);
      fs.writeFileSync(plain, made.bytes);
      const tool = COMPRESS[n % COMPRESS.length];
      let file = plain;
      if (tool) {
        file = path.join(root, `in-${n}-c.dcm`);
        execFileSync(tool[0]!, [...tool.slice(1), plain, file], { stdio: 'pipe' });
      }
      await orthanc.upload(fs.readFileSync(file));
      uploaded.push({ sop: made.sop, study: made.study, view: made.view, laterality: made.laterality, label: PATIENTS[p]!.label });
      // The last patient is labelled instance by instance, the others by study.
      if (p === PATIENTS.length - 1) rows.push(`,${made.sop},${PATIENTS[p]!.label},${PATIENTS[p]!.split}`);
    }
    if (p < PATIENTS.length - 1) rows.push(`1.2.826.0.1.3680043.2.1125.7.${p + 1},,${PATIENTS[p]!.label},${PATIENTS[p]!.split}`);
  }
  labelsCsv = path.join(root, 'labels.csv');
  fs.writeFileSync(labelsCsv, rows.join('\n'));
  await initEngine({ backend: 'wasm', log: () => undefined });
}, 120_000);

afterAll(async () => {
  await orthanc?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

const countFiles = (dir: string): number =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0) : 0;

describe('protoscope data import dicomweb', () => {
  const out = path.join(root, 'mammo');

  it('an interrupted download resumes: the files already fetched are reused, nothing is written until the end', async () => {
    const controller = new AbortController();
    const interrupted = importDataset('dicomweb', orthanc.dicomweb, {
      out,
      readerOptions: { query: QUERY, labels: labelsCsv, downloads: '2' },
      signal: controller.signal,
      onProgress: (phase, done) => {
        if (phase === 'downloading' && done >= 5) controller.abort();
      },
    });
    await expect(interrupted).rejects.toBeInstanceOf(DicomwebAbortError);
    await expect(interrupted).rejects.toThrow(/^import interrupted: \d+ of 20 instances downloaded are kept in .*\.mammo\.dicomweb; run the same command again to resume$/);
    expect(fs.existsSync(out)).toBe(false);
    const kept = countFiles(dicomwebStagingDir(out));
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(20);

    const report = await importDataset('dicomweb', orthanc.dicomweb, { out, readerOptions: { query: QUERY, labels: labelsCsv } });
    expect(report.imported).toBe(20);
    expect(openDataset(out).manifest.notes).toContain(`Downloaded ${20 - kept} instance(s); ${kept} already downloaded by an interrupted run were reused.`);
    expect(fs.existsSync(dicomwebStagingDir(out))).toBe(false);
  }, 120_000);

  it('takes labels from the CSV (by study or by instance), and patient, view and laterality from the tags', () => {
    const { manifest } = openDataset(out);
    expect(manifest.tasks['label']!.classes).toEqual(['benign', 'malignant']);
    for (const expected of uploaded) {
      const record = manifest.images.find((r) => r.id === expected.sop)!;
      expect(record).toBeDefined();
      expect(manifest.tasks['label']!.classes[record.labels['label'] as number]).toBe(expected.label);
      expect([record.view, record.laterality, record.studyId]).toEqual([expected.view, expected.laterality, expected.study]);
    }
    const pairing = pairViews(manifest.images, { task: 'label' });
    expect(pairing.pairs).toHaveLength(10);
    expect(pairing.unpaired).toEqual([]);
  });

  it('takes labels from a tag when asked (--label-tag), here PatientID (0010,0020)', async () => {
    const byTag = path.join(root, 'by-tag');
    await importDataset('dicomweb', orthanc.dicomweb, { out: byTag, readerOptions: { query: QUERY, 'label-tag': '00100020' } });
    const { manifest } = openDataset(byTag);
    expect(manifest.tasks['label']!.classes).toEqual(PATIENTS.map((p) => p.id));
    for (const record of manifest.images) expect(manifest.tasks['label']!.classes[record.labels['label'] as number]).toBe(record.patientId);
    expect(manifest.notes).toContain('No split column: patients were split 70/15/15 into train/val/test (patient-grouped, seed 0).');
  }, 60_000);

  it('the imported CC/MLO pairs train with multiview', async () => {
    const messages: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      messages.push(String(chunk));
      return true;
    });
    const result = await trainRun({
      method: 'multiview',
      methodConfig: { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, heads: 4 },
      data: out,
      epochs: 1,
      seed: 1,
      batchSize: 4,
      augment: false,
      store: `sqlite:${path.join(root, 'store.db')}`,
    }).finally(() => write.mockRestore());
    expect(result.status).toBe('finished');
    expect(messages.join('')).toContain('train: 6 CC/MLO pairs → 12 examples; 0 unpaired images left out');
    expect(messages.join('')).toContain('val: 4 CC/MLO pairs → 8 examples; 0 unpaired images left out');
    expect(result.globalStep).toBe(3); // 12 train images (3 patients × 4) in batches of 4
  }, 120_000);

  it('an unreachable server, a wrong path (404) or a query without studies gives a clear error and writes nothing', async () => {
    const target = path.join(root, 'never');
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as net.AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const closed = `http://127.0.0.1:${port}/dicom-web`;
    await expect(importDataset('dicomweb', closed, { out: target, readerOptions: { query: QUERY, labels: labelsCsv } })).rejects.toThrow(
      new DicomwebError(`cannot reach the DICOMweb server at http://127.0.0.1:${port} (connection refused)`),
    );
    await expect(importDataset('dicomweb', `${orthanc.url}/not-dicomweb`, { out: target, readerOptions: { query: QUERY, labels: labelsCsv } })).rejects.toThrow(
      `the study search not found on the DICOMweb server (404 Not Found for ${orthanc.url}/not-dicomweb/studies?StudyDate=20240101-20241231&ModalitiesInStudy=MG)`,
    );
    await expect(importDataset('dicomweb', orthanc.dicomweb, { out: target, readerOptions: { query: 'StudyInstanceUID=1.2.3.4', labels: labelsCsv } })).rejects.toThrow(
      `no study on ${orthanc.dicomweb}/ matches 'StudyInstanceUID=1.2.3.4'`,
    );
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(dicomwebStagingDir(target))).toBe(false);
  }, 60_000);

  it('the command line takes the issue\'s flags', () => {
    const cliOut = path.join(root, 'cli');
    const cli = path.resolve(__dirname, '../../bin/protoscope.js');
    const run = spawnSync(process.execPath, [cli, 'data', 'import', 'dicomweb', orthanc.dicomweb, '--query', QUERY, '--labels', labelsCsv, '--out', cliOut], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Imported 20 images into ${cliOut}`);
  }, 120_000);
});
