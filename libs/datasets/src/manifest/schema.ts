import { z } from 'zod';

/**
 * The dataset manifest: one typed description for every dataset, real or synthetic, stored as
 * `manifest.json` beside the data (why JSON: docs/decisions-datasets.md). Pixel data never lives
 * here; records point at image files or at rows of .npy arrays.
 *
 * Coordinates (boxes, centroids, keypoints) are in pixels of the record's own image, x to the right,
 * y down, continuous: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5).
 */

export const MANIFEST_FORMAT = 'protoscope-dataset';
export const MANIFEST_VERSION = 1;

export const BoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
});
export type Box = z.infer<typeof BoxSchema>;

export const PointSchema = z.object({ x: z.number(), y: z.number() });
export type Point = z.infer<typeof PointSchema>;

/** A mask stored as an 8-bit PNG or DICOM the size of its image; `value` picks one label of a label map, absent = any non-zero pixel. */
export const MaskRefSchema = z.object({
  path: z.string().min(1),
  value: z.number().int().min(1).max(255).optional(),
});
export type MaskRef = z.infer<typeof MaskRefSchema>;

const AttributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A lesion (or, for non-medical data, any annotated region), with its own label and ground truth. */
export const LesionSchema = z.object({
  id: z.string().min(1),
  /** What it is: 'mass', 'calcification', 'drusen', 'Nodule', … (listed in manifest.lesionKinds). */
  kind: z.string().min(1),
  /** Per-lesion label, e.g. 'benign' / 'malignant', or a BI-RADS category. */
  label: z.string().optional(),
  box: BoxSchema.optional(),
  mask: MaskRefSchema.optional(),
  centroid: PointSchema.optional(),
  /** The same physical lesion seen in several images (e.g. CC and MLO) shares a groupId. */
  groupId: z.string().optional(),
  attributes: z.record(z.string(), AttributeValueSchema).optional(),
});
export type Lesion = z.infer<typeof LesionSchema>;

export const KeypointSchema = z.object({
  name: z.string().min(1),
  x: z.number(),
  y: z.number(),
  visible: z.boolean(),
});
export type Keypoint = z.infer<typeof KeypointSchema>;

export const ImageRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    path: z.string().min(1),
    format: z.enum(['png', 'jpeg', 'dicom']),
    /** The frame of a multi-frame DICOM, counted from 1 (absent = the first). */
    frame: z.number().int().min(1).optional(),
  }),
  /** Row `index` of an N×H×W(×C) uint8 .npy array. */
  z.object({ kind: z.literal('array'), path: z.string().min(1), index: z.number().int().nonnegative() }),
]);
export type ImageRef = z.infer<typeof ImageRefSchema>;

/** One class index (single-label, ordinal) or one 0/1 per class with null = unknown (multi-label). */
export const LabelValueSchema = z.union([
  z.number().int().nonnegative(),
  z.array(z.union([z.literal(0), z.literal(1), z.null()])),
]);
export type LabelValue = z.infer<typeof LabelValueSchema>;

/** Ground truth about label noise (synthetic web-noisy data). */
export const NoiseAnnotationSchema = z.object({
  status: z.enum(['clean', 'wrong-label', 'out-of-distribution']),
  /** The labels before corruption (absent for out-of-distribution images, which have no true class). */
  trueLabels: z.record(z.string(), LabelValueSchema).optional(),
  /** Part of the small clean, trusted few-shot subset. */
  fewShot: z.boolean(),
});
export type NoiseAnnotation = z.infer<typeof NoiseAnnotationSchema>;

export const ViewSchema = z.enum(['CC', 'MLO', 'ML', 'LM', 'XCCL', 'PA', 'AP', 'LAT', 'L', 'R', 'other']);
export type View = z.infer<typeof ViewSchema>;

export const ImageRecordSchema = z.object({
  id: z.string().min(1),
  image: ImageRefSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  channels: z.number().int().min(1).max(4),
  /** Splits are grouped by this: no patient has images in two splits. */
  patientId: z.string().min(1),
  studyId: z.string().optional(),
  /** Projection: CC/MLO for mammograms, PA/AP/LAT for chest X-rays, L/R for a left/right eye or side. */
  view: ViewSchema.optional(),
  laterality: z.enum(['L', 'R']).optional(),
  /** Acquisition source or site. */
  source: z.string().optional(),
  /** 'train', 'val', 'test' or a dataset-specific name (e.g. 'few-shot'). */
  split: z.string().optional(),
  /** Labels per task name (see manifest.tasks). */
  labels: z.record(z.string(), LabelValueSchema),
  lesions: z.array(LesionSchema).optional(),
  /** The whole object's box (e.g. the bird in CUB). */
  objectBox: BoxSchema.optional(),
  keypoints: z.array(KeypointSchema).optional(),
  /** Part segmentation: pixel value k+1 is keypointNames[k], 0 is background or occluded. */
  partMask: MaskRefSchema.optional(),
  noise: NoiseAnnotationSchema.optional(),
  attributes: z.record(z.string(), AttributeValueSchema).optional(),
  /** Where the record came from, for error messages and audits. */
  origin: z.object({ file: z.string(), row: z.number().int().optional() }).optional(),
});
export type ImageRecord = z.infer<typeof ImageRecordSchema>;

export const TaskSchema = z.object({
  kind: z.enum(['single-label', 'multi-label', 'ordinal']),
  classes: z.array(z.string()).min(1),
  description: z.string().optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const DatasetOriginSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('import'),
    format: z.string(),
    inputPath: z.string(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    kind: z.literal('generator'),
    generator: z.string(),
    seed: z.number().int(),
    size: z.number().int().positive(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type DatasetOrigin = z.infer<typeof DatasetOriginSchema>;

const ManifestObjectSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  id: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  createdAt: z.string(),
  origin: DatasetOriginSchema,
  /** Relative image/mask paths resolve against this (absolute, or relative to the manifest's folder). */
  dataRoot: z.string(),
  primaryTask: z.string(),
  tasks: z.record(z.string(), TaskSchema),
  lesionKinds: z.array(z.string()),
  keypointNames: z.array(z.string()),
  /** Facts a user of the data should know (geometry conventions, caveats). */
  notes: z.array(z.string()),
  images: z.array(ImageRecordSchema),
});

/** The manifest schema with its cross-field rules (unique ids, labels match their tasks, …). */
export const DatasetManifestSchema = ManifestObjectSchema.superRefine((manifest, ctx) => {
  if (!manifest.tasks[manifest.primaryTask]) {
    ctx.addIssue({ code: 'custom', path: ['primaryTask'], message: `primaryTask '${manifest.primaryTask}' is not in tasks` });
  }
  const seen = new Set<string>();
  manifest.images.forEach((record, i) => {
    if (seen.has(record.id)) ctx.addIssue({ code: 'custom', path: ['images', i, 'id'], message: `duplicate image id '${record.id}'` });
    seen.add(record.id);
    for (const [taskName, value] of Object.entries(record.labels)) {
      const task = manifest.tasks[taskName];
      const path = ['images', i, 'labels', taskName];
      if (!task) {
        ctx.addIssue({ code: 'custom', path, message: `unknown task '${taskName}'` });
        continue;
      }
      if (task.kind === 'multi-label') {
        if (!Array.isArray(value) || value.length !== task.classes.length) {
          ctx.addIssue({ code: 'custom', path, message: `expected ${task.classes.length} entries (0, 1 or null)` });
        }
      } else if (typeof value !== 'number' || value >= task.classes.length) {
        ctx.addIssue({ code: 'custom', path, message: `expected a class index below ${task.classes.length}` });
      }
    }
  });
});
export type DatasetManifest = z.infer<typeof ManifestObjectSchema>;
