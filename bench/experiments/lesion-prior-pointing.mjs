#!/usr/bin/env node
// A baseline for the pointing game of maps on a view of a breast (cross-attention's): one fixed point
// per view, the peak of the mean lesion mask of that view over the training images, and its hit rate
// on the test images with a lesion whose other view is also in test — the images cross-attention maps
// are scored on. Same hit rule as `evaluate --suite localisation`: a lesion pixel within
// 15 px × side / 224 of the point.
// Usage: lesion-prior-pointing.mjs DATASET_DIR   (prints one JSON line)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pngjs from 'pngjs';

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const lesionUnion = (image) => {
  const out = new Uint8Array(image.width * image.height);
  for (const lesion of image.lesions ?? []) {
    if (!lesion.mask) continue;
    const png = pngjs.PNG.sync.read(readFileSync(join(dir, lesion.mask.path)));
    for (let p = 0; p < out.length; p++) if (png.data[p * 4] === (lesion.mask.value ?? 255)) out[p] = 1;
  }
  return out;
};
const priors = {};
for (const image of manifest.images.filter((i) => i.split === 'train' && i.lesions?.length)) {
  const sum = (priors[image.view] ??= new Float64Array(image.width * image.height));
  lesionUnion(image).forEach((v, p) => (sum[p] += v));
}
const argmax = (values) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
const breast = (i) => `${i.patientId}/${i.laterality}`;
const test = manifest.images.filter((i) => i.split === 'test');
const paired = test.filter((i) => test.some((j) => j !== i && breast(j) === breast(i)));
const byView = {};
for (const image of paired) {
  const mask = lesionUnion(image);
  if (!mask.some((v) => v)) continue;
  const tolerance = (15 * Math.min(image.width, image.height)) / 224;
  const peak = argmax(priors[image.view]);
  const [x, y] = [peak % image.width, Math.floor(peak / image.width)];
  const hit = mask.some((v, p) => v && ((p % image.width) - x) ** 2 + (Math.floor(p / image.width) - y) ** 2 < tolerance ** 2);
  const counts = (byView[image.view] ??= { hits: 0, n: 0 });
  counts.hits += hit ? 1 : 0;
  counts.n += 1;
}
const all = Object.values(byView).reduce((a, c) => ({ hits: a.hits + c.hits, n: a.n + c.n }), { hits: 0, n: 0 });
console.log(JSON.stringify({ pointingGame: all.hits / all.n, n: all.n, byView: Object.fromEntries(Object.entries(byView).map(([view, c]) => [view, { pointingGame: c.hits / c.n, n: c.n }])) }));
