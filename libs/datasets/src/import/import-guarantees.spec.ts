import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, DatasetOptionError, ImportFailedError } from '../errors';
import { encodeJpeg } from '../image/jpeg-codec';
import { writeNpz } from '../image/npz-archive';
import { encodePng } from '../image/png-codec';
import { generateDataset } from '../generators/write-generated-dataset';
import { openDataset } from '../manifest/manifest-file';
import { findPatientLeaks } from '../splits/patient-grouped-splits';
import { dicomFixturesDir } from '../test-support/dicom-fixtures';
import { writeDicomPart10 } from '../test-support/dicom-part10-writer';
import { makeTempDir, writeFile } from '../test-support/temp-dir';
import { checkImages } from './check-images';
import { IMPORT_REPORT_FILE_NAME, importDataset } from './import-dataset';

const temp = makeTempDir('import-guarantees');
afterAll(() => temp.cleanup());
let counter = 0;
const fresh = (name: string) => path.join(temp.dir, `${name}-${counter++}`);
const png = (v: number) => encodePng(8, 8, 1, new Uint8Array(64).fill(v));

/** A folder with good PNG, JPEG and DICOM (plain and JPEG 2000) images, plus the given extra files and rows. */
function folder(extraRows: string[] = [], extraFiles: Record<string, Uint8Array | string> = {}, header = 'path,label,patient_id,split'): string {
  const root = fresh('src');
  const fixtures = dicomFixturesDir();
  writeFile(path.join(root, 'a.png'), png(10));
  writeFile(path.join(root, 'b.jpg'), encodeJpeg(8, 8, new Uint8Array(192).fill(90)));
  writeFile(path.join(root, 'c.dcm'), writeDicomPart10({ rows: 8, columns: 8, pixels: new Array(64).fill(5) }));
  writeFile(path.join(root, 'd.dcm'), fs.readFileSync(path.join(fixtures, 'mono12-j2k.dcm')));
  for (const [name, content] of Object.entries(extraFiles)) writeFile(path.join(root, name), content);
  const rows = ['a.png,x,p1,train', 'b.jpg,y,p2,train', 'c.dcm,x,p3,test', 'd.dcm,y,p4,val', ...extraRows];
  writeFile(path.join(root, 'labels.csv'), [header, ...rows].join('\n'));
  return root;
}

describe('an import proves every image decodes before writing anything', () => {
  const goodPng = png(200);
  const goodJpeg = encodeJpeg(8, 8, new Uint8Array(192).fill(30));
  const goodDicom = writeDicomPart10({ rows: 8, columns: 8, pixels: new Array(64).fill(9) });
  const crcBroken = Uint8Array.from(goodPng);
  crcBroken[goodPng.length - 20] = crcBroken[goodPng.length - 20]! ^ 0xff; // inside IDAT's data (IEND is the last 12 bytes)
  const bad: Record<string, Uint8Array> = {
    'cut.png': goodPng.subarray(0, goodPng.length - 20),
    'crc.png': crcBroken,
    'cut.jpg': goodJpeg.subarray(0, goodJpeg.length - 40),
    'cut.dcm': goodDicom.subarray(0, goodDicom.length - 30),
  };
  const badRows = Object.keys(bad).map((name, i) => `${name},x,q${i},train`);

  it('stops with the list of undecodable files (truncated PNG/JPEG/DICOM, bad CRC), naming each; nothing written', async () => {
    const out = fresh('out');
    const error = (await importDataset('folder', folder(badRows, bad), { out }).catch((e: unknown) => e)) as ImportFailedError;
    expect(error).toBeInstanceOf(ImportFailedError);
    const messages = error.problems.map((p) => p.message);
    expect(messages).toHaveLength(4);
    expect(messages[0]).toMatch(/^row 6 of labels\.csv: cut\.png: cannot be read \(truncated: PNG chunk IDAT ends at byte [\d,]+ of [\d,]+\)/);
    expect(messages[1]).toMatch(/^row 7 of labels\.csv: crc\.png: cannot be read \(bad CRC in PNG chunk IDAT at byte 33/);
    expect(messages[2]).toMatch(/^row 8 of labels\.csv: cut\.jpg: cannot be read \(truncated: JPEG data ends at byte [\d,]+ without its end-of-image marker\)/);
    const dicomEnd = goodDicom.length.toLocaleString('en-US');
    const cutEnd = (goodDicom.length - 30).toLocaleString('en-US');
    expect(messages[3]).toContain(`row 9 of labels.csv: cut.dcm: cannot be read (truncated: pixel data ends at byte ${cutEnd} of ${dicomEnd})`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.dirname(out)).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('with skipBad writes only decodable images and lists the others with their reason', async () => {
    const out = fresh('out');
    const report = await importDataset('folder', folder(badRows, bad), { out, skipBad: true });
    expect(report.imported).toBe(4);
    const manifest = openDataset(out).manifest;
    expect(manifest.images.map((r) => r.image.kind === 'file' && r.image.path).sort()).toEqual(['a.png', 'b.jpg', 'c.dcm', 'd.dcm']);
    const written = JSON.parse(fs.readFileSync(path.join(out, IMPORT_REPORT_FILE_NAME), 'utf8'));
    expect(written.skipped.map((s: { row: number; message: string }) => [s.row, /cannot be read \((truncated|bad CRC)/.test(s.message)])).toEqual([
      [6, true],
      [7, true],
      [8, true],
      [9, true],
    ]);
  });

  it('decodes on worker threads with the same results as in this thread, reporting progress', async () => {
    const root = folder(badRows, bad);
    const jobs = ['a.png', 'b.jpg', 'c.dcm', 'd.dcm', ...Object.keys(bad)].map((name) => ({
      file: path.join(root, name),
      format: (name.endsWith('.png') ? 'png' : name.endsWith('.jpg') ? 'jpeg' : 'dicom') as 'png' | 'jpeg' | 'dicom',
      label: name,
    }));
    const seen: number[] = [];
    const threaded = await checkImages(jobs, { threads: 2, onProgress: (done) => seen.push(done) });
    const inline = await checkImages(jobs, { threads: 1 });
    expect(threaded).toEqual(inline);
    expect(threaded.map((r) => r.ok)).toEqual([true, true, true, true, false, false, false, false]);
    expect(threaded[3]).toEqual({ ok: true, width: 64, height: 48, channels: 1 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('the other holes of an import', () => {
  it("refuses a CSV path with '../' or an absolute path outside the folder, unless under an allowed root", async () => {
    const outside = fresh('outside');
    writeFile(path.join(outside, 'e.png'), png(50));
    const rel = path.relative(temp.dir, path.join(outside, 'e.png'));
    const root = folder([`../${rel},x,p9,train`, `${path.join(outside, 'e.png')},x,p10,train`]);
    const error = (await importDataset('folder', root, { out: fresh('out') }).catch((e: unknown) => e)) as ImportFailedError;
    expect(error.problems.map((p) => p.message)).toEqual([
      `row 6 of labels.csv: column 'path' has value '../${rel}', expected a path inside ${root} (add --data-root DIR to allow another folder)`,
      `row 7 of labels.csv: column 'path' has value '${path.join(outside, 'e.png')}', expected a path inside ${root} (add --data-root DIR to allow another folder)`,
    ]);
    const report = await importDataset('folder', root, { out: fresh('out'), allowedRoots: [outside] });
    expect(report.imported).toBe(6);
  });

  it('refuses a duplicated column header and a ragged row', async () => {
    const duplicated = folder([], {}, 'path,label,patient_id,label');
    await expect(importDataset('folder', duplicated, { out: fresh('out') })).rejects.toThrow("row 1 of labels.csv: column 'label' appears twice in the header (columns 2 and 4)");
    const ragged = folder(['a.png,x,p1']);
    await expect(importDataset('folder', ragged, { out: fresh('out') })).rejects.toThrow('row 6 of labels.csv: 3 cells but the header has 4 columns');
  });

  it('splits a folder without a split column patient-grouped 70/15/15, and says so', async () => {
    const root = fresh('nosplit');
    const rows = ['path,label,patient_id'];
    for (let i = 0; i < 40; i++) {
      writeFile(path.join(root, `i${i}.png`), png(i));
      rows.push(`i${i}.png,${i % 2 ? 'x' : 'y'},p${Math.floor(i / 2)}`);
    }
    writeFile(path.join(root, 'labels.csv'), rows.join('\n'));
    const out = fresh('out');
    const report = await importDataset('folder', root, { out, seed: 3 });
    expect(report.notes).toEqual(['No split column: patients were split 70/15/15 into train/val/test (patient-grouped, seed 3).']);
    const images = openDataset(out).manifest.images;
    const count = (s: string) => images.filter((r) => r.split === s).length;
    expect([count('train'), count('val'), count('test')]).toEqual([28, 6, 6]); // 20 patients of 2 images: 14/3/3 patients
    expect(findPatientLeaks(images).size).toBe(0);
    expect(openDataset(out).manifest.notes).toContain(report.notes[0]);
  });

  it('medmnist given a folder says to give the .npz; negative labels blame the .npz', async () => {
    const dir = fresh('mm');
    writeFile(path.join(dir, 'pneumoniamnist.npz'), writeNpz({
      train_images: { dtype: '|u1', shape: [2, 4, 4], data: new Uint8Array(32) },
      train_labels: { dtype: '<i4', shape: [2, 1], data: Int32Array.from([0, -1]) },
    }));
    await expect(importDataset('medmnist', dir, { out: fresh('out') })).rejects.toThrow(`${dir} is a folder; medmnist takes the .npz file itself (found here: pneumoniamnist.npz)`);
    await expect(importDataset('medmnist', path.join(dir, 'pneumoniamnist.npz'), { out: fresh('out') })).rejects.toThrow(
      'pneumoniamnist.npz:train_labels: cannot be read (label -1 at index 1 is negative (labels are class indices ≥ 0))',
    );
  });

  it("refuses an option of another format or another generator ('--noise' on parts)", async () => {
    await expect(importDataset('folder', folder(), { out: fresh('out'), readerOptions: { uncertainty: 'u-ones' } })).rejects.toThrow(
      "--uncertainty is not an option of format 'folder'; its options: --labels",
    );
    const error = await generateDataset('parts', { n: 4, seed: 0, size: 32, options: { noise: '0.3' } }, fresh('gen')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetOptionError);
    expect((error as DatasetError).message).toBe("--noise is not an option of generator 'parts' (it belongs to mammo-two-view); its options: --classes, --occlusion, --label-space");
  });
});
