import { CorruptFileError } from '../errors';
import { writeDicomPart10 } from '../test-support/dicom-part10-writer';
import { decodeDicom, decodeDicomMask, readDicomHeader } from './dicom-codec';

describe('decodeDicom', () => {
  it('reads 16-bit pixels with rescale slope/intercept and the file window', () => {
    // value = 2·stored − 1000 → [−1000, 1000, 2000, 3000, 5000, 1500]; window 2000 ± 1000 = [1000, 3000]
    const bytes = writeDicomPart10({ rows: 2, columns: 3, pixels: [0, 1000, 1500, 2000, 3000, 1250], bitsStored: 12, rescaleSlope: 2, rescaleIntercept: -1000, windowCenter: 2000, windowWidth: 2000 });
    const img = decodeDicom(bytes);
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 1]);
    expect(Array.from(img.data).map((v) => +v.toFixed(3))).toEqual([0, 0, 0.5, 1, 1, 0.25]);
  });

  it('inverts MONOCHROME1 so that bright means dense', () => {
    const pixels = [0, 100, 200, 300];
    const mono2 = decodeDicom(writeDicomPart10({ rows: 2, columns: 2, pixels }));
    const mono1 = decodeDicom(writeDicomPart10({ rows: 2, columns: 2, pixels, photometric: 'MONOCHROME1' }));
    expect(Array.from(mono2.data)).toEqual([0, 1 / 3, 2 / 3, 1].map((v) => Math.fround(v)));
    expect(Array.from(mono1.data).map((v) => +v.toFixed(5))).toEqual(Array.from(mono2.data).map((v) => +(1 - v).toFixed(5)));
  });

  it('uses min–max when asked, ignoring the window, and reads signed and 8-bit data', () => {
    const signed = decodeDicom(writeDicomPart10({ rows: 1, columns: 3, pixels: [-100, 0, 100], signed: true, windowCenter: 0, windowWidth: 10 }), { windowing: 'min-max' });
    expect(Array.from(signed.data)).toEqual([0, 0.5, 1]);
    const eight = decodeDicom(writeDicomPart10({ rows: 1, columns: 2, pixels: [10, 20], bitsAllocated: 8 }));
    expect(Array.from(eight.data)).toEqual([0, 1]);
  });

  it('reports truncated and non-DICOM files as corrupt', () => {
    const bytes = writeDicomPart10({ rows: 4, columns: 4, pixels: new Array(16).fill(1) });
    expect(() => decodeDicom(bytes.subarray(0, bytes.length - 10), { fileLabel: 'cut.dcm' })).toThrow(CorruptFileError);
    expect(() => decodeDicom(new TextEncoder().encode('hello'), { fileLabel: 'x.dcm' })).toThrow(/x\.dcm: cannot be read/);
  });

  it('reads a header without pixels, and masks as 0/255', () => {
    const bytes = writeDicomPart10({ rows: 2, columns: 2, pixels: [0, 255, 0, 1], bitsAllocated: 8, patientId: 'P_00001' });
    expect(readDicomHeader(bytes)).toMatchObject({ width: 2, height: 2, patientId: 'P_00001' });
    expect(Array.from(decodeDicomMask(bytes).data)).toEqual([0, 255, 0, 255]);
  });
});
