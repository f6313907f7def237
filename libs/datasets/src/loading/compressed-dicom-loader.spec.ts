import '@tensorflow/tfjs-backend-cpu';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decodeDicom } from '../image/dicom-codec';
import { importDataset } from '../import/import-dataset';
import { openDataset } from '../manifest/manifest-file';
import { dicomFixturesDir } from '../test-support/dicom-fixtures';
import { makeTempDir, writeFile } from '../test-support/temp-dir';
import { createBatchLoader, disposeBatch } from './batch-loader';

const temp = makeTempDir('compressed-loader');
afterAll(() => temp.cleanup());
beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the batch loader on compressed DICOM', () => {
  it('yields the pixels of the uncompressed reference for JPEG 2000, JPEG-LS, JPEG Lossless and RLE files, and frame 2 of a multi-frame file', async () => {
    const fixtures = dicomFixturesDir();
    const root = path.join(temp.dir, 'src');
    const names = ['mono12-j2k', 'mono12-jpeg-ls', 'mono12-jpeg-lossless-sv1', 'mono12-rle'];
    for (const name of [...names, 'frames12-jpeg-lossless']) writeFile(path.join(root, `${name}.dcm`), fs.readFileSync(path.join(fixtures, `${name}.dcm`)));
    const rows = ['path,label,patient_id,split,frame', ...names.map((n, i) => `${n}.dcm,a,p${i},train,`), 'frames12-jpeg-lossless.dcm,b,p9,train,2'];
    writeFile(path.join(root, 'labels.csv'), rows.join('\n'));
    const out = path.join(temp.dir, 'dataset');
    await importDataset('folder', root, { out });
    const dataset = openDataset(out);
    const loader = createBatchLoader(dataset, { size: { width: 64, height: 48 }, batchSize: 5, channels: 1, normalisation: 'unit' });
    const [batch] = [...loader.batches(0)];
    const images = batch!.images.arraySync() as number[][][][];
    const reference = decodeDicom(fs.readFileSync(path.join(fixtures, 'mono12.dcm'))).data;
    const second = decodeDicom(fs.readFileSync(path.join(fixtures, 'frames12.dcm')), { frame: 2 }).data;
    const ids = dataset.manifest.images.map((r) => r.id);
    images.forEach((image, b) => {
      const expected = ids[b]!.startsWith('frames12') ? second : reference;
      const flat = image.flat(2);
      let max = 0;
      flat.forEach((v, i) => (max = Math.max(max, Math.abs(v - expected[i]!))));
      expect(max).toBeLessThan(1e-6);
    });
    disposeBatch(batch!);
  });
});
