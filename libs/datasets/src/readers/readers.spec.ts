import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportFailedError, UnknownColumnError } from '../errors';
import { encodeJpeg } from '../image/jpeg-codec';
import { writeNpz } from '../image/npz-archive';
import { encodePng } from '../image/png-codec';
import { IMPORT_REPORT_FILE_NAME, importDataset } from '../import/import-dataset';
import { openDataset } from '../manifest/manifest-file';
import { findPatientLeaks } from '../splits/patient-grouped-splits';
import { writeDicomPart10 } from '../test-support/dicom-part10-writer';
import { makeTempDir, writeFile } from '../test-support/temp-dir';
import { decodeRecord } from '../loading/decode-record';
import { ArrayStore } from '../loading/array-store';

const temp = makeTempDir('readers');
afterAll(() => temp.cleanup());
let counter = 0;
const out = () => path.join(temp.dir, `out-${counter++}`);
const grey = (w: number, h: number, v = 128) => encodePng(w, h, 1, new Uint8Array(w * h).fill(v));
const square = (w: number, h: number, box: [number, number, number, number]) =>
  Array.from({ length: w * h }, (_, i) => ((i % w) >= box[0] && (i % w) < box[0] + box[2] && Math.floor(i / w) >= box[1] && Math.floor(i / w) < box[1] + box[3] ? 255 : 0));

describe('medmnist reader', () => {
  it('imports every split as .npy rows with labels, and decodes them back', async () => {
    const src = path.join(temp.dir, 'tiny.npz');
    const images = Uint8Array.from({ length: 3 * 4 * 4 }, (_, i) => i * 5);
    writeFile(src, writeNpz({
      train_images: { dtype: '|u1', shape: [3, 4, 4], data: images },
      train_labels: { dtype: '|u1', shape: [3, 1], data: Uint8Array.from([0, 1, 1]) },
      val_images: { dtype: '|u1', shape: [1, 4, 4], data: new Uint8Array(16) },
      val_labels: { dtype: '|u1', shape: [1, 1], data: Uint8Array.from([0]) },
    }));
    const dir = out();
    const report = await importDataset('medmnist', src, { out: dir });
    expect(report.imported).toBe(4);
    const ds = openDataset(dir);
    expect(ds.manifest.tasks['label']).toEqual({ kind: 'single-label', classes: ['0', '1'] });
    expect(ds.manifest.images.map((r) => [r.split, r.labels['label']])).toEqual([['train', 0], ['train', 1], ['train', 1], ['val', 0]]);
    const decoded = decodeRecord(ds, ds.manifest.images[1]!, { width: 4, height: 4, channels: 1 }, new ArrayStore());
    expect(decoded.image.data[0]).toBeCloseTo(80 / 255, 5);
  });
});

describe('cbis-ddsm reader', () => {
  const header = 'patient_id,breast_density,left or right breast,image view,abnormality id,abnormality type,mass shape,mass margins,assessment,pathology,subtlety,image file path,cropped image file path,ROI mask file path';
  function fixture(rows: string[], maskSize = 8): string {
    const root = path.join(temp.dir, `cbis-${counter++}`);
    writeFile(path.join(root, 'mass_case_description_train_set.csv'), [header, ...rows].join('\n'));
    writeFile(path.join(root, 'Mass-Training_P_00001_LEFT_CC/1/000000.dcm'), writeDicomPart10({ rows: 8, columns: 8, pixels: new Array(64).fill(100), photometric: 'MONOCHROME1' }));
    writeFile(path.join(root, 'Mass-Training_P_00001_LEFT_CC_1/1/000001.dcm'), writeDicomPart10({ rows: maskSize, columns: maskSize, pixels: square(maskSize, maskSize, [2, 3, 3, 2]), bitsAllocated: 8 }));
    return root;
  }
  const good = 'P_00001,3,LEFT,CC,1,mass,OVAL,CIRCUMSCRIBED,4,MALIGNANT,4,Mass-Training_P_00001_LEFT_CC/1/000000.dcm,x.dcm,Mass-Training_P_00001_LEFT_CC_1/1/000001.dcm';

  it('groups abnormalities by image and measures the lesion box from the ROI mask', async () => {
    const dir = out();
    await importDataset('cbis-ddsm', fixture([good]), { out: dir });
    const [record] = openDataset(dir).manifest.images;
    expect(record).toMatchObject({ patientId: 'P_00001', view: 'CC', laterality: 'L', split: 'train', width: 8, height: 8, labels: { pathology: 1, assessment: 4 } });
    expect(record!.lesions![0]).toMatchObject({ kind: 'mass', label: 'malignant', box: { x: 2, y: 3, width: 3, height: 2 }, centroid: { x: 3.5, y: 4 } });
  });

  it('names file and row for a missing value, and writes nothing', async () => {
    const dir = out();
    const bad = good.replace('MALIGNANT', '');
    await expect(importDataset('cbis-ddsm', fixture([good, bad]), { out: dir })).rejects.toThrow("row 3 of mass_case_description_train_set.csv: column 'pathology' missing");
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(temp.dir).some((f) => f.includes('.partial-'))).toBe(false);
  });

  it('reports a mask that does not match its image', async () => {
    await expect(importDataset('cbis-ddsm', fixture([good], 6), { out: out() })).rejects.toThrow(/row 2 of mass_case_description_train_set\.csv: mask '.*000001\.dcm' is 6×6 but its image is 8×8/);
  });
});

describe('vindr-mammo reader', () => {
  it('reads breast-level labels, finding boxes and DICOM sizes', async () => {
    const root = path.join(temp.dir, 'vindr');
    writeFile(path.join(root, 'breast-level_annotations.csv'), [
      'study_id,series_id,image_id,laterality,view_position,height,width,breast_birads,breast_density,split',
      's1,se1,i1,L,CC,6,5,BI-RADS 4,DENSITY C,training',
      's1,se1,i2,L,MLO,6,5,BI-RADS 4,DENSITY C,training',
      's2,se2,i3,R,CC,6,5,BI-RADS 1,DENSITY A,test',
    ].join('\n'));
    writeFile(path.join(root, 'finding_annotations.csv'), [
      'study_id,series_id,image_id,laterality,view_position,height,width,breast_birads,breast_density,finding_categories,finding_birads,xmin,ymin,xmax,ymax,split',
      "s1,se1,i1,L,CC,6,5,BI-RADS 4,DENSITY C,['Mass'],BI-RADS 4,1.0,2.0,3.5,4.0,training",
      "s2,se2,i3,R,CC,6,5,BI-RADS 1,DENSITY A,['No Finding'],,,,,,test",
    ].join('\n'));
    for (const [s, i] of [['s1', 'i1'], ['s1', 'i2'], ['s2', 'i3']]) writeFile(path.join(root, `images/${s}/${i}.dicom`), writeDicomPart10({ rows: 6, columns: 5, pixels: new Array(30).fill(7) }));
    const dir = out();
    await importDataset('vindr-mammo', root, { out: dir });
    const images = openDataset(dir).manifest.images;
    expect(images.map((r) => [r.id, r.split, r.labels['birads'], r.labels['density']])).toEqual([['i1', 'train', 3, 2], ['i2', 'train', 3, 2], ['i3', 'test', 0, 0]]);
    expect(images[0]!.lesions).toEqual([expect.objectContaining({ kind: 'Mass', label: '4', box: { x: 1, y: 2, width: 2.5, height: 2 } })]);
  });

  it('refuses an unknown column', async () => {
    const root = path.join(temp.dir, 'vindr-bad');
    writeFile(path.join(root, 'breast-level_annotations.csv'), 'study_id,image_id,laterality,view_position,breast_birads,colour\n');
    await expect(importDataset('vindr-mammo', root, { out: out() })).rejects.toThrow(UnknownColumnError);
  });
});

describe('chestxray14 reader', () => {
  it('reads findings, patients, official splits and boxes', async () => {
    const root = path.join(temp.dir, 'cxr14');
    writeFile(path.join(root, 'Data_Entry_2017.csv'), [
      'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],',
      '00000001_000.png,Cardiomegaly|Effusion,0,1,58,M,PA,1024,1024,0.14,0.14,',
      '00000002_000.png,No Finding,0,2,81,F,AP,1024,1024,0.14,0.14,',
    ].join('\n'));
    writeFile(path.join(root, 'BBox_List_2017.csv'), 'Image Index,Finding Label,Bbox [x,y,w,h],,,\n00000001_000.png,Cardiomegaly,1.5,2,3,4,,,\n');
    writeFile(path.join(root, 'test_list.txt'), '00000002_000.png\n');
    writeFile(path.join(root, 'train_val_list.txt'), '00000001_000.png\n');
    writeFile(path.join(root, 'images_001/images/00000001_000.png'), grey(10, 10));
    writeFile(path.join(root, 'images_001/images/00000002_000.png'), grey(10, 10));
    const dir = out();
    await importDataset('chestxray14', root, { out: dir });
    const [a, b] = openDataset(dir).manifest.images;
    expect(a!.labels['findings']).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(a).toMatchObject({ patientId: '1', view: 'PA', split: 'train', image: { path: 'images_001/images/00000001_000.png' } });
    expect(a!.lesions![0]).toMatchObject({ kind: 'Cardiomegaly', box: { x: 1.5, y: 2, width: 3, height: 4 } });
    expect(b).toMatchObject({ split: 'test', labels: { findings: new Array(14).fill(0) } });
  });
});

describe('chexpert reader', () => {
  const root = path.join(temp.dir, 'CheXpert-v1.0-small');
  beforeAll(() => {
    const obs = 'No Finding,Enlarged Cardiomediastinum,Cardiomegaly,Lung Opacity,Lung Lesion,Edema,Consolidation,Pneumonia,Atelectasis,Pneumothorax,Pleural Effusion,Pleural Other,Fracture,Support Devices';
    writeFile(path.join(root, 'train.csv'), `Path,Sex,Age,Frontal/Lateral,AP/PA,${obs}\nCheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg,Female,68,Frontal,AP,,,-1.0,1.0,,,,,,0.0,,,,1.0\n`);
    writeFile(path.join(root, 'valid.csv'), `Path,Sex,Age,Frontal/Lateral,AP/PA,${obs}\nCheXpert-v1.0-small/valid/patient64541/study1/view1_frontal.jpg,Male,73,Lateral,,1.0,,,,,,,,,,,,,\n`);
    const jpg = encodeJpeg(8, 8, new Uint8Array(8 * 8 * 3).fill(90));
    writeFile(path.join(root, 'train/patient00001/study1/view1_frontal.jpg'), jpg);
    writeFile(path.join(root, 'valid/patient64541/study1/view1_frontal.jpg'), jpg);
  });

  it.each([['u-ones', 1], ['u-zeros', 0], ['ignore', null]] as const)('applies the uncertainty policy %s', async (policy, expected) => {
    const dir = out();
    await importDataset('chexpert', root, { out: dir, readerOptions: { uncertainty: policy } });
    const [train, valid] = openDataset(dir).manifest.images;
    expect((train!.labels['findings'] as unknown[])[2]).toBe(expected);
    expect((train!.labels['findings'] as unknown[])[3]).toBe(1);
    expect(train).toMatchObject({ patientId: 'patient00001', split: 'train', view: 'AP', width: 8, height: 8, channels: 3 });
    expect(valid).toMatchObject({ split: 'val', view: 'LAT' });
  });
});

describe('cub-200-2011 reader', () => {
  it('reads labels, split, box and part keypoints with visibility', async () => {
    const root = path.join(temp.dir, 'CUB_200_2011');
    writeFile(path.join(root, 'classes.txt'), '1 001.Black_footed_Albatross\n2 002.Laysan_Albatross\n');
    writeFile(path.join(root, 'images.txt'), '1 001.Black_footed_Albatross/a.jpg\n2 002.Laysan_Albatross/b.jpg\n');
    writeFile(path.join(root, 'image_class_labels.txt'), '1 1\n2 2\n');
    writeFile(path.join(root, 'train_test_split.txt'), '1 1\n2 0\n');
    writeFile(path.join(root, 'bounding_boxes.txt'), '1 1.0 2.0 5.0 4.0\n2 0.0 0.0 8.0 8.0\n');
    writeFile(path.join(root, 'parts/parts.txt'), '1 back\n2 left eye\n');
    writeFile(path.join(root, 'parts/part_locs.txt'), '1 1 3.0 4.0 1\n1 2 0.0 0.0 0\n2 1 1.0 1.0 1\n2 2 2.0 2.0 1\n');
    const jpg = encodeJpeg(8, 8, new Uint8Array(8 * 8 * 3).fill(200));
    writeFile(path.join(root, 'images/001.Black_footed_Albatross/a.jpg'), jpg);
    writeFile(path.join(root, 'images/002.Laysan_Albatross/b.jpg'), jpg);
    const dir = out();
    await importDataset('cub-200-2011', root, { out: dir });
    const ds = openDataset(dir).manifest;
    expect(ds.tasks['species']!.classes).toEqual(['Black_footed_Albatross', 'Laysan_Albatross']);
    expect(ds.keypointNames).toEqual(['back', 'left eye']);
    expect(ds.images[0]).toMatchObject({ split: 'train', labels: { species: 0 }, objectBox: { x: 1, y: 2, width: 5, height: 4 } });
    expect(ds.images[0]!.keypoints).toEqual([{ name: 'back', x: 3, y: 4, visible: true }, { name: 'left eye', x: 0, y: 0, visible: false }]);
    expect(ds.images[1]).toMatchObject({ split: 'test', labels: { species: 1 } });
  });
});

describe('generic folder reader and bad input', () => {
  function folder(rows: string[]): string {
    const root = path.join(temp.dir, `folder-${counter++}`);
    writeFile(path.join(root, 'labels.csv'), ['path,label,patient_id,split,mask', ...rows].join('\n'));
    writeFile(path.join(root, 'a.png'), grey(6, 6));
    writeFile(path.join(root, 'b.dcm'), writeDicomPart10({ rows: 6, columns: 6, pixels: new Array(36).fill(3) }));
    writeFile(path.join(root, 'm.png'), encodePng(6, 6, 1, Uint8Array.from(square(6, 6, [1, 1, 2, 2]))));
    writeFile(path.join(root, 'small.png'), grey(4, 4));
    writeFile(path.join(root, 'broken.png'), 'not a png at all');
    return root;
  }

  it('imports PNG and DICOM with classes from the CSV, keeping patients in one split', async () => {
    const dir = out();
    await importDataset('folder', folder(['a.png,benign,p1,train,m.png', 'b.dcm,malignant,p1,test,']), { out: dir });
    const { manifest } = openDataset(dir);
    expect(manifest.tasks['label']!.classes).toEqual(['benign', 'malignant']);
    expect(findPatientLeaks(manifest.images).size).toBe(0);
    expect(manifest.images[0]!.lesions![0]!.box).toEqual({ x: 1, y: 1, width: 2, height: 2 });
  });

  it('stops on bad rows naming each, or with skipBad writes the good ones and a report', async () => {
    const rows = ['a.png,benign,p1,train,', 'missing.png,benign,p2,train,', 'broken.png,benign,p3,train,', 'a.png,benign,p4,train,small.png'];
    const failing = out();
    const error = await importDataset('folder', folder(rows), { out: failing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailedError);
    const messages = (error as ImportFailedError).problems.map((p) => p.message);
    expect(messages[0]).toBe("row 3 of labels.csv: image file 'missing.png' not found");
    expect(messages[1]).toMatch(/^row 4 of labels\.csv: .*broken\.png.*cannot be read/);
    expect(messages[2]).toMatch(/^row 5 of labels\.csv: mask 'small\.png' is 4×4 but its image is 6×6/);
    expect(fs.existsSync(failing)).toBe(false);

    const dir = out();
    const report = await importDataset('folder', folder(rows), { out: dir, skipBad: true });
    expect(report.imported).toBe(1);
    expect(openDataset(dir).manifest.images).toHaveLength(1);
    const written = JSON.parse(fs.readFileSync(path.join(dir, IMPORT_REPORT_FILE_NAME), 'utf8'));
    expect(written.skipped.map((s: { row: number }) => s.row)).toEqual([3, 4, 5]);
  });

  it('refuses to write into a non-empty folder', async () => {
    const dir = out();
    writeFile(path.join(dir, 'keep.txt'), 'x');
    await expect(importDataset('folder', folder(['a.png,benign,p1,train,']), { out: dir })).rejects.toThrow(/already exists/);
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
  });
});
