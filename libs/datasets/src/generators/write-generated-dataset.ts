import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeLabelMapPng, encodePng } from '../image/png-codec';
import { rasterToBytes } from '../image/raster';
import { writeDatasetAtomically } from '../io/atomic-dataset-dir';
import { writeManifest } from '../manifest/manifest-file';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type DatasetManifest, type ImageRecord } from '../manifest/schema';
import { assignPatientGroupedSplits, type SplitFractions } from '../splits/patient-grouped-splits';
import type { GeneratedDataset, GeneratorParams } from './dataset-generator';
import { checkGeneratorOptions, getGenerator } from './generator-registry';

export const DEFAULT_GENERATED_SPLITS: SplitFractions = { train: 0.7, val: 0.15, test: 0.15 };

/** Turns generated images into manifest records (paths of the PNGs the writer will create). */
export function toManifest(name: string, params: GeneratorParams, generated: GeneratedDataset, splits = DEFAULT_GENERATED_SPLITS): DatasetManifest {
  const unsplit = generated.images.map((g) => g.record).filter((r) => r.split === undefined);
  const assigned = new Map(assignPatientGroupedSplits(unsplit, splits, params.seed).map((r) => [r.id, r.split]));
  const images: ImageRecord[] = generated.images.map((g) => {
    const r = g.record;
    return {
      ...r,
      split: r.split ?? assigned.get(r.id),
      image: { kind: 'file', path: `images/${r.id}.png`, format: 'png' },
      width: g.image.width,
      height: g.image.height,
      channels: g.image.channels,
      lesions: r.lesions?.map((l, k) => ({ ...l, mask: g.lesionMap ? { path: `masks/${r.id}.png`, value: k + 1 } : undefined })),
      partMask: g.partMap ? { path: `parts/${r.id}.png` } : undefined,
    };
  });
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    id: `${name}-seed${params.seed}-n${params.n}-${params.size}px`,
    name,
    createdAt: new Date().toISOString(),
    origin: { kind: 'generator', generator: name, seed: params.seed, size: params.size, options: { ...params.options } },
    dataRoot: '.',
    primaryTask: generated.primaryTask,
    tasks: generated.tasks,
    lesionKinds: generated.lesionKinds,
    keypointNames: generated.keypointNames,
    notes: generated.notes,
    images,
  };
}

/**
 * Generates a synthetic dataset into `outDir` (all-or-nothing): images/<id>.png, masks/<id>.png
 * (lesion label map: value k+1 = lesion k), parts/<id>.png (part label map) and manifest.json.
 */
export async function generateDataset(
  name: string,
  params: GeneratorParams,
  outDir: string,
  onProgress?: (phase: string, done: number, total: number) => void,
): Promise<DatasetManifest> {
  checkGeneratorOptions(name, params.options);
  const generated = getGenerator(name).generate(params);
  const manifest = toManifest(name, params, generated);
  await writeDatasetAtomically(outDir, (temp) => {
    for (const sub of ['images', 'masks', 'parts']) fs.mkdirSync(path.join(temp, sub));
    generated.images.forEach((g, i) => {
      if (i % 100 === 0) onProgress?.('writing', i, generated.images.length);
      const id = g.record.id;
      fs.writeFileSync(path.join(temp, 'images', `${id}.png`), encodePng(g.image.width, g.image.height, g.image.channels === 3 ? 3 : 1, rasterToBytes(g.image)));
      if (g.lesionMap && g.record.lesions?.length) fs.writeFileSync(path.join(temp, 'masks', `${id}.png`), encodeLabelMapPng(g.lesionMap));
      if (g.partMap) fs.writeFileSync(path.join(temp, 'parts', `${id}.png`), encodeLabelMapPng(g.partMap));
    });
    onProgress?.('writing', generated.images.length, generated.images.length);
    writeManifest(temp, manifest);
  });
  return manifest;
}
