import { DatasetOptionError } from '../errors';
import { createRaster } from '../image/raster';
import { SeededRandom } from '../random/seeded-random';
import { assignPatientGroupedSplits } from '../splits/patient-grouped-splits';
import { checkCommonParams, numberOption, type DatasetGenerator, type GeneratedImage, type GeneratorParams } from './dataset-generator';
import { fractalNoise } from './draw/noise-texture';
import { createMask, fillEllipse, fillPolygon } from './draw/shape-masks';

export const WEB_NOISY_SPLITS = { train: 0.7, val: 0.15, test: 0.15 } as const;
export const FEW_SHOT_SPLIT = 'few-shot';

const OPTIONS = {
  base: { name: 'base', description: 'web-noisy: the generator whose output is corrupted', default: 'parts' },
  labelNoise: { name: 'label-noise', description: 'web-noisy: fraction of web (train) images given a wrong label', default: 0.2 },
  ood: { name: 'ood-fraction', description: 'web-noisy: fraction of web (train) images replaced by out-of-distribution images', default: 0.1 },
  fewShot: { name: 'few-shot', description: 'web-noisy: clean images per class in the trusted few-shot split', default: 5 },
} as const;

/** An out-of-distribution image: random colourful shapes on a texture, nothing of the base domain. */
function oodImage(rng: SeededRandom, size: number, channels: number) {
  const image = createRaster(size, size, channels);
  const bg = fractalNoise(rng, size, size, size / 3, 2);
  const colour = Array.from({ length: channels }, () => rng.next());
  for (let p = 0; p < size * size; p++) for (let c = 0; c < channels; c++) image.data[p * channels + c] = colour[c]! * 0.5 + 0.5 * bg[p]!;
  for (let k = 0; k < rng.int(2, 5); k++) {
    const m = createMask(size, size);
    if (rng.bool()) fillEllipse(m, rng.uniform(0, size), rng.uniform(0, size), rng.uniform(0.05, 0.2) * size, rng.uniform(0.05, 0.2) * size);
    else fillPolygon(m, Array.from({ length: 3 }, () => ({ x: rng.uniform(0, size), y: rng.uniform(0, size) })));
    const fill = Array.from({ length: channels }, () => rng.next());
    for (let p = 0; p < m.data.length; p++) if (m.data[p]) for (let c = 0; c < channels; c++) image.data[p * channels + c] = fill[c]!;
  }
  return image;
}

/**
 * Web-like noisy training data built from any other generator: images are split by patient
 * (train/val/test = 0.7/0.15/0.15); from train, `few-shot` clean images per class form the trusted
 * 'few-shot' split; of the remaining train ("web") images exactly round(label-noise × count) get a
 * wrong label and round(ood-fraction × count) are replaced by out-of-distribution images (with a
 * random label). val and test stay clean. Every record's `noise` says what happened to it.
 */
export function createWebNoisyGenerator(lookup: (name: string) => DatasetGenerator): DatasetGenerator {
  return {
    name: 'web-noisy',
    summary: "any generator's output with wrong labels, out-of-distribution images and a clean few-shot subset",
    options: Object.values(OPTIONS),
    generate(params: GeneratorParams) {
      checkCommonParams(params);
      const baseName = String(params.options[OPTIONS.base.name] ?? OPTIONS.base.default);
      if (baseName === 'web-noisy') throw new DatasetOptionError('--base cannot be web-noisy itself');
      const labelNoise = numberOption(params, OPTIONS.labelNoise, 0, 1);
      const ood = numberOption(params, OPTIONS.ood, 0, 1);
      if (labelNoise + ood > 1) throw new DatasetOptionError('--label-noise plus --ood-fraction must not exceed 1');
      const fewShot = numberOption(params, OPTIONS.fewShot, 0, 10000);
      const base = lookup(baseName).generate(params);
      const task = base.tasks[base.primaryTask]!;
      if (task.kind === 'multi-label') throw new DatasetOptionError(`web-noisy needs a single-label or ordinal base task; '${baseName}' has multi-label '${base.primaryTask}'`);
      const classes = task.classes.length;
      const split = assignPatientGroupedSplits(base.images.map((g) => g.record), WEB_NOISY_SPLITS, params.seed);
      const images: GeneratedImage[] = base.images.map((g, i) => ({ ...g, record: { ...split[i]!, noise: { status: 'clean', fewShot: false } } }));
      const rng = SeededRandom.derive(params.seed, 'web-noisy');
      const train = rng.shuffle(images.filter((g) => g.record.split === 'train'));
      const perClass = new Map<number, number>();
      const web: GeneratedImage[] = [];
      for (const g of train) {
        const label = g.record.labels[base.primaryTask] as number;
        const taken = perClass.get(label) ?? 0;
        if (taken < fewShot) {
          perClass.set(label, taken + 1);
          g.record.split = FEW_SHOT_SPLIT;
          g.record.noise = { status: 'clean', fewShot: true };
        } else {
          web.push(g);
        }
      }
      const wrongCount = Math.round(labelNoise * web.length);
      const oodCount = Math.round(ood * web.length);
      web.forEach((g, k) => {
        const trueLabel = g.record.labels[base.primaryTask] as number;
        if (k < wrongCount && classes > 1) {
          const wrong = (trueLabel + rng.int(1, classes - 1)) % classes;
          g.record.noise = { status: 'wrong-label', trueLabels: { ...g.record.labels }, fewShot: false };
          g.record.labels = { ...g.record.labels, [base.primaryTask]: wrong };
        } else if (k >= wrongCount && k < wrongCount + oodCount) {
          g.image = oodImage(rng, params.size, g.image.channels);
          g.lesionMap = undefined;
          g.partMap = undefined;
          g.record.lesions = undefined;
          g.record.keypoints = undefined;
          g.record.objectBox = undefined;
          g.record.noise = { status: 'out-of-distribution', fewShot: false };
          g.record.labels = { [base.primaryTask]: rng.int(0, classes - 1) };
        }
      });
      return {
        ...base,
        tasks: { [base.primaryTask]: task },
        notes: [
          ...base.notes,
          `web-noisy over '${baseName}': train images are "web" data with ${wrongCount} wrong labels and ${oodCount} out-of-distribution images; '${FEW_SHOT_SPLIT}' holds up to ${fewShot} clean images per class; val and test are clean. record.noise is the ground truth.`,
        ],
        images,
      };
    },
  };
}
