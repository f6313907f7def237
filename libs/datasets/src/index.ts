/**
 * @protoscope/datasets: one manifest for every dataset, readers for real medical formats, synthetic
 * generators with exact ground truth, patient-grouped splits and augmentation. This entry point does
 * not load tfjs (the server imports it); batched tensors are `@protoscope/datasets/tensors`.
 */
export * from './errors';
export * from './manifest/schema';
export * from './manifest/manifest-file';
export * from './random/seeded-random';
export * from './image/raster';
export * from './image/image-format';
export * from './image/png-codec';
export * from './image/jpeg-codec';
export * from './image/dicom-codec';
export * from './image/npy-codec';
export * from './image/npz-archive';
export * from './image/probe-image';
export * from './image/decode-image-file';
export * from './splits/patient-grouped-splits';
export * from './pairing/view-pairs';
export * from './augment/augment-config';
export * from './augment/affine-transform';
export * from './augment/augment-sample';
export * from './loading/decode-cache';
export * from './loading/decode-record';
export { ArrayStore } from './loading/array-store';
export * from './loading/normalisation';
export * from './import/dataset-reader';
export * from './import/reader-registry';
export * from './import/import-dataset';
export * from './import/image-check';
export * from './import/check-images';
export { dicomwebStagingDir } from './readers/dicomweb';
export { DicomwebError, DicomwebAbortError } from './dicomweb/dicomweb-http';
export { TRANSFER_SYNTAXES, findTransferSyntax, type TransferSyntax } from './dicom/transfer-syntax-registry';
export * from './generators/dataset-generator';
export * from './generators/generator-registry';
export * from './generators/write-generated-dataset';
export { projectLesion, MLO_ANGLE_DEGREES } from './generators/mammo-two-view';
export { siteSignature, markerRect } from './generators/cxr-multisource';
export { fundusGradeFromLesions, FUNDUS_LESION_KINDS, FUNDUS_SEVERITY } from './generators/fundus-lesions';
export { PART_NAMES, HEAD_COLOURS, TAIL_SHAPES, WING_PATTERNS, partsClassOf } from './generators/parts';
export { FEW_SHOT_SPLIT } from './generators/web-noisy';
export { CHEXPERT_OBSERVATIONS, type UncertaintyPolicy } from './readers/chexpert';
export { CHESTXRAY14_FINDINGS } from './readers/chestxray14';
export * from './inspect/inspect-dataset';
/** Writes small DICOM files (tests, examples): see test-support/dicom-part10-writer. */
export { writeDicomPart10, type DicomFixtureOptions } from './test-support/dicom-part10-writer';

/** Kept for the workspace skeleton's smoke checks. */
export const DATASETS_LIB = 'datasets';
