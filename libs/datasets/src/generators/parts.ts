import { createRaster } from '../image/raster';
import type { Keypoint, Point } from '../manifest/schema';
import { SeededRandom } from '../random/seeded-random';
import { DatasetOptionError } from '../errors';
import { checkCommonParams, numberOption, type DatasetGenerator, type GeneratedImage, type GeneratorParams } from './dataset-generator';
import { fractalNoise } from './draw/noise-texture';
import { createMask, fillEllipse, fillPolygon, measureMask, type Mask } from './draw/shape-masks';

/** Part names, in keypoint / part-map order (part map value = index + 1). */
export const PART_NAMES = ['body', 'tail', 'head', 'wing'] as const;

/** Head colour variants (class bit 0). */
export const HEAD_COLOURS: ReadonlyArray<[number, number, number]> = [
  [0.9, 0.15, 0.1],
  [0.15, 0.3, 0.95],
];
/** Tail shapes (class bit 1). */
export const TAIL_SHAPES = ['fan', 'fork'] as const;
/** Wing patterns (class bit 2, only when --classes 8). */
export const WING_PATTERNS = ['plain', 'striped'] as const;

/**
 * The keypoint of a part: the centre of the part's own visible pixel nearest to its centroid, so
 * that it lies on the part even for concave shapes (a forked tail).
 */
function anchorPoint(part: Mask, partMap: Mask, value: number): Point | undefined {
  const centroid = measureMask(part).centroid;
  // A part too small to cover a pixel at this image size is not drawn: it has no keypoint of its own.
  if (!centroid) return undefined;
  let best = centroid;
  let bestDistance = Infinity;
  for (let p = 0; p < part.data.length; p++) {
    if (partMap.data[p] !== value) continue;
    const x = (p % part.width) + 0.5;
    const y = Math.floor(p / part.width) + 0.5;
    const d = (x - centroid.x) ** 2 + (y - centroid.y) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = { x, y };
    }
  }
  return best;
}

/** Class index from part appearance: head colour + 2 × tail shape (+ 4 × wing pattern). */
export function partsClassOf(head: number, tail: number, wing: number, classes: 4 | 8): number {
  return head + 2 * tail + (classes === 8 ? 4 * wing : 0);
}

const OPTIONS = {
  classes: { name: 'classes', description: 'parts: 4 (head colour × tail shape) or 8 (× wing pattern)', default: 4 },
  occlusion: { name: 'occlusion', description: 'parts: probability of an occluding block hiding some parts', default: 0.3 },
  labelSpace: { name: 'label-space', description: "parts: the primary task: 'class' (every part attribute), or one part alone: 'head' (colour), 'tail' (shape), 'wing' (pattern)", default: 'class' },
} as const;

/** The single-attribute label spaces of `--label-space` (the same images, labelled by one part). */
const PART_LABEL_SPACES = {
  head: { classes: ['red-head', 'blue-head'], description: 'head colour only' },
  tail: { classes: TAIL_SHAPES.map((t) => `${t}-tail`), description: 'tail shape only' },
  wing: { classes: WING_PATTERNS.map((w) => `${w}-wing`), description: 'wing pattern only' },
} as const;

/**
 * Objects made of named parts (body, tail, head, wing) with keypoints (part centroids) and
 * visibility, classes defined by part appearance (head colour, tail shape, optionally wing
 * pattern); body colour, pose, size and background vary without meaning. An occluder may hide
 * parts: a keypoint is visible exactly when its own part shows at that pixel. Part masks included.
 */
export const partsGenerator: DatasetGenerator = {
  name: 'parts',
  summary: 'objects built from named parts with keypoints + visibility; classes by part appearance',
  options: Object.values(OPTIONS),
  generate(params: GeneratorParams) {
    checkCommonParams(params);
    const { size, seed, n } = params;
    const classCount = numberOption(params, OPTIONS.classes, 4, 8);
    if (classCount !== 4 && classCount !== 8) throw new DatasetOptionError(`--classes must be 4 or 8, got ${classCount}`);
    const occlusion = numberOption(params, OPTIONS.occlusion, 0, 1);
    const labelSpace = String(params.options[OPTIONS.labelSpace.name] ?? OPTIONS.labelSpace.default);
    if (labelSpace !== 'class' && !(labelSpace in PART_LABEL_SPACES)) throw new DatasetOptionError(`--label-space must be class, ${Object.keys(PART_LABEL_SPACES).join(', ')}; got '${labelSpace}'`);
    const classNames: string[] = [];
    for (let k = 0; k < classCount; k++) {
      classNames.push(`${k % 2 === 0 ? 'red' : 'blue'}-head/${TAIL_SHAPES[(k >> 1) & 1]}-tail${classCount === 8 ? `/${WING_PATTERNS[(k >> 2) & 1]}-wing` : ''}`);
    }
    const images: GeneratedImage[] = [];
    for (let i = 0; i < n; i++) {
      const rng = SeededRandom.derive(seed, 'parts', i);
      const head = rng.int(0, 1);
      const tail = rng.int(0, 1);
      const wing = rng.int(0, 1);
      const label = partsClassOf(head, tail, wing, classCount as 4 | 8);
      const image = createRaster(size, size, 3);
      const bg = fractalNoise(rng, size, size, size / 4, 2);
      const tint = [rng.uniform(0.3, 0.6), rng.uniform(0.4, 0.6), rng.uniform(0.3, 0.5)];
      for (let p = 0; p < size * size; p++) for (let ch = 0; ch < 3; ch++) image.data[p * 3 + ch] = tint[ch]! * (0.7 + 0.5 * bg[p]!);

      const s = size * rng.uniform(0.85, 1.1);
      const facing = rng.bool() ? 1 : -1;
      const angle = rng.uniform(-0.35, 0.35);
      const centre = { x: size / 2 + rng.uniform(-0.12, 0.12) * size, y: size / 2 + rng.uniform(-0.12, 0.12) * size };
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      // Object frame (u forward, v down) → image.
      const at = (u: number, v: number): Point => ({ x: centre.x + (facing * u * cos - v * sin) * s, y: centre.y + (facing * u * sin + v * cos) * s });

      const partMasks: Mask[] = PART_NAMES.map(() => createMask(size, size));
      const body = at(0, 0);
      fillEllipse(partMasks[0]!, body.x, body.y, 0.19 * s, 0.11 * s, angle);
      const tailBase = at(-0.17, 0);
      if (TAIL_SHAPES[tail] === 'fan') {
        fillPolygon(partMasks[1]!, [tailBase, at(-0.36, -0.12), at(-0.38, 0), at(-0.36, 0.12)]);
      } else {
        fillPolygon(partMasks[1]!, [tailBase, at(-0.4, -0.14), at(-0.3, -0.02)]);
        fillPolygon(partMasks[1]!, [tailBase, at(-0.3, 0.02), at(-0.4, 0.14)]);
      }
      const headCentre = at(0.23, -0.07);
      fillEllipse(partMasks[2]!, headCentre.x, headCentre.y, 0.085 * s, 0.085 * s);
      const wingCentre = at(-0.03, -0.07);
      fillEllipse(partMasks[3]!, wingCentre.x, wingCentre.y, 0.11 * s, 0.04 * s, angle * facing);

      const partMap = createMask(size, size);
      const bodyColour = [rng.uniform(0.55, 0.8), rng.uniform(0.5, 0.75), rng.uniform(0.2, 0.4)];
      const colourOf = (part: number, p: number): number[] => {
        if (part === 0) return bodyColour;
        if (part === 1) return [0.2, 0.18, 0.15];
        if (part === 2) return HEAD_COLOURS[head]!;
        const y = Math.floor(p / size);
        const x = p % size;
        const stripe = WING_PATTERNS[wing] === 'striped' && Math.floor((x + y) / Math.max(2, size / 24)) % 2 === 0;
        return stripe ? [0.95, 0.95, 0.9] : [0.35, 0.3, 0.25];
      };
      // Draw order body, tail, head, wing (later parts cover earlier ones).
      for (let part = 0; part < PART_NAMES.length; part++) {
        const m = partMasks[part]!;
        for (let p = 0; p < m.data.length; p++) {
          if (!m.data[p]) continue;
          partMap.data[p] = part + 1;
          image.data.set(colourOf(part, p), p * 3);
        }
      }
      const objectStats = measureMask({ ...partMap, data: partMap.data.map((v) => (v > 0 ? 1 : 0)) });
      // An undrawn part gets the object's centre as its keypoint: invisible, as no pixel there is the part.
      const centroids = partMasks.map((m, k) => anchorPoint(m, partMap, k + 1) ?? objectStats.centroid!);
      if (rng.bool(occlusion)) {
        const w = size * rng.uniform(0.2, 0.35);
        const h = size * rng.uniform(0.2, 0.35);
        const target = centroids[rng.int(0, PART_NAMES.length - 1)]!;
        const x0 = Math.round(target.x - w * rng.uniform(0.2, 0.8));
        const y0 = Math.round(target.y - h * rng.uniform(0.2, 0.8));
        for (let y = Math.max(0, y0); y < Math.min(size, y0 + h); y++) {
          for (let x = Math.max(0, x0); x < Math.min(size, x0 + w); x++) {
            partMap.data[y * size + x] = 0;
            image.data.set([0.5, 0.5, 0.5].map((v) => v + 0.1 * (bg[y * size + x]! - 0.5)), (y * size + x) * 3);
          }
        }
      }
      const keypoints: Keypoint[] = PART_NAMES.map((name, k) => {
        const c = centroids[k]!;
        const px = Math.floor(c.x);
        const py = Math.floor(c.y);
        const inside = px >= 0 && py >= 0 && px < size && py < size;
        return { name, x: c.x, y: c.y, visible: inside && partMap.data[py * size + px] === k + 1 };
      });
      images.push({
        record: {
          id: `parts-${String(i).padStart(6, '0')}`,
          patientId: `parts-${String(i).padStart(6, '0')}`,
          source: 'synthetic',
          labels: { [labelSpace]: labelSpace === 'head' ? head : labelSpace === 'tail' ? tail : labelSpace === 'wing' ? wing : label },
          objectBox: objectStats.box,
          keypoints,
          attributes: { head: head, tail: TAIL_SHAPES[tail]!, wing: WING_PATTERNS[wing]!, facing },
        },
        image,
        partMap,
      });
    }
    const single = PART_LABEL_SPACES[labelSpace as keyof typeof PART_LABEL_SPACES] as (typeof PART_LABEL_SPACES)[keyof typeof PART_LABEL_SPACES] | undefined;
    return {
      primaryTask: labelSpace,
      tasks: {
        [labelSpace]: single
          ? { kind: 'single-label', classes: [...single.classes], description: single.description }
          : { kind: 'single-label', classes: classNames, description: 'defined by head colour and tail shape (and wing pattern for 8 classes)' },
      },
      lesionKinds: [],
      keypointNames: [...PART_NAMES],
      notes: [
        'Keypoints are the centre of the visible part pixel nearest to the part centroid (chosen before occlusion); visible = the part itself shows at that pixel. partMask: value k+1 = keypointNames[k], 0 = background or occluder.',
        'The class depends only on part appearance (head colour, tail shape, wing pattern for 8 classes); pose, size, body colour and background are nuisance.',
      ],
      images,
    };
  },
};
