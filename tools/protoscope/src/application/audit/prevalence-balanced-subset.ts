import fs from 'node:fs';
import path from 'node:path';
import { openDataset, writeManifest, type ImageRecord } from '@protoscope/datasets';
import { UserFacingError } from '../../user-facing-error';

/**
 * The images of a binary multi-source dataset with every site brought to prevalence ½ by dropping
 * images of its majority label (within each site and split, the first ones in manifest order are
 * kept), so the label no longer says anything about the site. Written as a new dataset folder whose
 * manifest points at the original images (its `dataRoot`); nothing is copied. Returns how many images
 * each site keeps.
 */
export function writePrevalenceBalancedSubset(data: string, out: string): { kept: number; perSite: Record<string, number> } {
  const dataset = openDataset(path.resolve(data));
  const { manifest } = dataset;
  const task = manifest.tasks[manifest.primaryTask];
  if (task?.kind !== 'single-label' || task.classes.length !== 2) {
    throw new UserFacingError(`${data}: prevalence balancing needs a binary primary task, '${manifest.primaryTask}' has ${task?.classes.length ?? 0} classes`);
  }
  const groups = new Map<string, { positive: ImageRecord[]; negative: ImageRecord[] }>();
  for (const record of manifest.images) {
    const label = record.labels[manifest.primaryTask];
    if (label !== 0 && label !== 1) continue;
    if (!record.source) throw new UserFacingError(`${data}: image ${record.id} has no source; prevalence balancing needs every image's site`);
    const key = `${record.source}\u0000${record.split ?? ''}`;
    const group = groups.get(key) ?? { positive: [], negative: [] };
    (label === 1 ? group.positive : group.negative).push(record);
    groups.set(key, group);
  }
  const keep = new Set<string>();
  const perSite: Record<string, number> = {};
  for (const [key, { positive, negative }] of groups) {
    const each = Math.min(positive.length, negative.length);
    for (const record of [...positive.slice(0, each), ...negative.slice(0, each)]) keep.add(record.id);
    const site = key.split('\u0000')[0]!;
    perSite[site] = (perSite[site] ?? 0) + 2 * each;
  }
  if (keep.size === 0) throw new UserFacingError(`${data}: no site has both labels, so no prevalence-balanced subset exists`);
  fs.mkdirSync(out, { recursive: true });
  writeManifest(out, {
    ...manifest,
    id: `${manifest.id}-prevalence-balanced`,
    name: `${manifest.name ?? manifest.id} (prevalence balanced across sites)`,
    dataRoot: path.relative(path.resolve(out), path.resolve(dataset.dir, manifest.dataRoot)) || '.',
    images: manifest.images.filter((r) => keep.has(r.id)),
  });
  return { kept: keep.size, perSite };
}
