import { createRaster } from '../image/raster';
import { SeededRandom } from '../random/seeded-random';
import { DatasetOptionError } from '../errors';
import { checkCommonParams, numberListOption, numberOption, type DatasetGenerator, type GeneratedImage, type GeneratorParams } from './dataset-generator';
import { coloredNoise, fractalNoise } from './draw/noise-texture';
import type { Box, Point } from '../manifest/schema';
import { createMask, fillEllipse, measureMask, stamp, type Mask } from './draw/shape-masks';

const OPTIONS = {
  sites: { name: 'sites', description: 'cxr-multisource: number of acquisition sites (≥ 2)', default: 2 },
  prevalence: { name: 'prevalence', description: 'cxr-multisource: disease prevalence per site, comma-separated (one value = all sites)', default: '0.2,0.8' },
  signature: { name: 'signature-strength', description: 'cxr-multisource: strength of the site signature (0 = sites identical)', default: 1 },
  contrast: { name: 'lesion-contrast', description: 'cxr-multisource: opacity density — the fraction of a lesion\'s pixels that trade places with nearby soft tissue is min(1, contrast·gain/0.2) (lower = sparser, harder)', default: 0.2 },
  findingTypes: { name: 'finding-types', description: `cxr-multisource: how many finding types diseased images draw from (1–${3}: ${'opacity, nodule, effusion'})`, default: 1 },
  boxFraction: { name: 'box-fraction', description: 'cxr-multisource: fraction of diseased images whose lesions keep a box (masks are always written)', default: 1 },
} as const;

/** Finding types in the order `--finding-types` adds them; a lesion's kind is its finding. */
export const CXR_FINDING_KINDS = ['opacity', 'nodule', 'effusion'] as const;
export type CxrFindingKind = (typeof CXR_FINDING_KINDS)[number];

/** The acquisition signature of site k: what a shortcut-learning model could pick up. */
export interface SiteSignature {
  /** Box-blur passes applied to the sensor noise (0 = white; more = redder spectrum). */
  noiseBlur: number;
  noiseSigma: number;
  /** Corner holding the marker: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left. */
  markerCorner: number;
  markerIntensity: number;
  /** Output = input^gamma. */
  gamma: number;
}

export function siteSignature(site: number, strength: number): SiteSignature {
  return {
    noiseBlur: site % 3,
    noiseSigma: 0.025 * strength,
    markerCorner: site % 4,
    markerIntensity: 0.25 * strength,
    gamma: 1 + 0.12 * strength * (site % 2 === 0 ? site / 2 : -(site + 1) / 2) * 0.8,
  };
}

/** Marker square: side max(2, size/16) pixels, 2 pixels in from the corner. */
export function markerRect(corner: number, size: number): { x: number; y: number; side: number } {
  const side = Math.max(2, Math.round(size / 16));
  const far = size - 2 - side;
  return { x: corner === 1 || corner === 2 ? far : 2, y: corner >= 2 ? far : 2, side };
}

/**
 * Chest-X-ray-like images from several sites. Anatomy and disease are drawn the same way at every
 * site; only the acquisition signature differs (noise spectrum, a small corner marker, contrast
 * curve), and so does the disease prevalence per site: a classifier can score well by recognising
 * the site. Opacities (the disease) come with exact masks.
 *
 * The finding is spatial only: it is drawn last, as a permutation of the finished image's pixels
 * (lesion pixels trade values with the nearest soft tissue outside the lungs, the brightest towards the
 * lesion's centre), so an image's intensity histogram is the one it would have without the finding.
 * A pixel-shuffled image therefore carries the site signature (noise level, contrast curve, marker
 * values) but no pathology signal. The marker square — the site signature's one localised part — is
 * never touched, and each record names it (attributes markerX, markerY, markerSide).
 */
export const cxrMultisourceGenerator: DatasetGenerator = {
  name: 'cxr-multisource',
  summary: 'chest-like images from several sites with acquisition signatures and per-site prevalence (shortcut audit)',
  options: Object.values(OPTIONS),
  generate(params: GeneratorParams) {
    checkCommonParams(params);
    const { size, seed, n } = params;
    const sites = numberOption(params, OPTIONS.sites, 2, 16);
    if (!Number.isInteger(sites)) throw new DatasetOptionError(`--sites must be an integer, got ${sites}`);
    let prevalence = numberListOption(params, OPTIONS.prevalence, 0, 1);
    if (prevalence.length === 1) prevalence = Array(sites).fill(prevalence[0]);
    if (prevalence.length !== sites) throw new DatasetOptionError(`--prevalence gives ${prevalence.length} values for ${sites} sites`);
    const strength = numberOption(params, OPTIONS.signature, 0, 5);
    const contrast = numberOption(params, OPTIONS.contrast, 0, 1);
    const findingTypes = numberOption(params, OPTIONS.findingTypes, 1, CXR_FINDING_KINDS.length);
    if (!Number.isInteger(findingTypes)) throw new DatasetOptionError(`--finding-types must be an integer, got ${findingTypes}`);
    const kinds = CXR_FINDING_KINDS.slice(0, findingTypes);
    const boxFraction = numberOption(params, OPTIONS.boxFraction, 0, 1);
    // Sites in turn; within a site exactly round(prevalence × count) positives, in seeded order.
    const siteOf = Array.from({ length: n }, (_, i) => i % sites);
    const diseased = new Array<boolean>(n).fill(false);
    for (let s = 0; s < sites; s++) {
      const members = siteOf.map((site, i) => (site === s ? i : -1)).filter((i) => i >= 0);
      const positives = Math.round(prevalence[s]! * members.length);
      SeededRandom.derive(seed, 'cxr-prevalence', s).shuffle(members).slice(0, positives).forEach((i) => (diseased[i] = true));
    }
    const images: GeneratedImage[] = [];
    for (let i = 0; i < n; i++) {
      const rng = SeededRandom.derive(seed, 'cxr', i);
      const site = siteOf[i]!;
      const sig = siteSignature(site, strength);
      const image = createRaster(size, size, 1);
      const texture = fractalNoise(rng, size, size, size / 6, 3);
      const scale = rng.uniform(0.94, 1.04);
      const shift = rng.uniform(-0.02, 0.02) * size;
      const lungs = [
        { cx: size * 0.32 + shift, cy: size * 0.5, rx: size * 0.15 * scale, ry: size * 0.3 * scale },
        { cx: size * 0.68 + shift, cy: size * 0.5, rx: size * 0.15 * scale, ry: size * 0.3 * scale },
      ];
      const ribPhase = rng.uniform(0, Math.PI * 2);
      const tissue = new Uint8Array(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const px = x + 0.5;
          const py = y + 0.5;
          const body = ((px - size / 2 - shift) / (size * 0.46)) ** 2 + ((py - size * 0.55) / (size * 0.5)) ** 2 <= 1;
          let v = body ? 0.55 : 0.08;
          tissue[y * size + x] = body ? BODY : 0;
          for (const l of lungs) {
            if (((px - l.cx) / l.rx) ** 2 + ((py - l.cy) / l.ry) ** 2 <= 1) {
              v = 0.22 + 0.05 * Math.max(0, Math.sin((py / size) * 2 * Math.PI * 6 + ribPhase));
              tissue[y * size + x] = LUNG;
            }
          }
          image.data[y * size + x] = v + 0.06 * (texture[y * size + x]! - 0.5);
        }
      }
      const record: GeneratedImage['record'] = {
        id: `cxr-${String(i).padStart(6, '0')}`,
        patientId: `cxr-patient-${String(i).padStart(6, '0')}`,
        view: 'PA',
        source: `site-${site}`,
        labels: { finding: diseased[i] ? 1 : 0 },
        attributes: { site, noiseBlur: sig.noiseBlur, markerCorner: sig.markerCorner, gamma: sig.gamma, ...markerAttributes(sig.markerCorner, size) },
      };
      let lesionMap: GeneratedImage['lesionMap'];
      const shapes: LesionShape[] = [];
      if (diseased[i]) {
        // Its own stream, so an image's anatomy and signature do not depend on its label.
        const rng = SeededRandom.derive(seed, 'cxr-lesion', i);
        lesionMap = createMask(size, size);
        const count = rng.int(1, 2);
        const lesions: NonNullable<GeneratedImage['record']['lesions']> = [];
        // One type only: the original stream of draws (datasets made before finding types stay the same).
        const kindOf = findingTypes === 1 ? () => 'opacity' as const : () => rng.pick(kinds);
        for (let k = 0; k < count; k++) {
          const kind = kindOf();
          const lung = lungs[rng.int(0, 1)]!;
          if (kind !== 'opacity') {
            const drawn = drawFinding(kind, lung, size, rng, lesionMap);
            if (!drawn) continue;
            stamp(lesionMap, drawn.shape, lesions.length + 1);
            shapes.push({ shape: drawn.shape, cx: drawn.attributes['centerX']!, cy: drawn.attributes['centerY']!, gain: kind === 'nodule' ? 1.4 : 0.9 });
            lesions.push({ id: `${record.id}-${kind}-${lesions.length}`, kind, label: kind, box: drawn.box, centroid: drawn.centroid, attributes: drawn.attributes });
            continue;
          }
          const r = size * rng.uniform(0.05, 0.085);
          const cx = lung.cx + rng.uniform(-0.45, 0.45) * (lung.rx - r);
          const cy = lung.cy + rng.uniform(-0.6, 0.6) * (lung.ry - r);
          const shape = createMask(size, size);
          fillEllipse(shape, cx, cy, r * rng.uniform(0.8, 1.2), r * rng.uniform(0.8, 1.2), rng.uniform(0, Math.PI));
          for (let p = 0; p < shape.data.length; p++) if (shape.data[p] && lesionMap.data[p]) shape.data[p] = 0; // keep lesions disjoint
          const stats = measureMask(shape);
          if (stats.area === 0) continue;
          stamp(lesionMap, shape, lesions.length + 1);
          shapes.push({ shape, cx, cy, gain: 1 });
          lesions.push({ id: `${record.id}-opacity-${lesions.length}`, kind: 'opacity', label: 'opacity', box: stats.box, centroid: stats.centroid, attributes: { centerX: cx, centerY: cy, radius: r } });
        }
        record.lesions = lesions;
        // Boxes on a seeded fraction of diseased images (its own stream: the pixels do not change).
        if (boxFraction < 1 && !SeededRandom.derive(seed, 'cxr-box', i).bool(boxFraction)) for (const lesion of lesions) delete lesion.box;
        const present = new Set(record.lesions.map((l) => l.kind));
        record.labels['findings'] = kinds.map((k) => (present.has(k) ? 1 : 0));
      } else {
        record.labels['findings'] = kinds.map(() => 0);
      }
      // The site signature: sensor noise spectrum, contrast curve, corner marker.
      const sensor = coloredNoise(rng, size, size, sig.noiseSigma, sig.noiseBlur);
      for (let p = 0; p < image.data.length; p++) {
        const v = Math.min(1, Math.max(0, image.data[p]! + sensor[p]!));
        image.data[p] = Math.pow(v, sig.gamma);
      }
      const marker = markerRect(sig.markerCorner, size);
      for (let y = marker.y; y < marker.y + marker.side; y++) {
        for (let x = marker.x; x < marker.x + marker.side; x++) image.data[y * size + x] = Math.min(1, image.data[y * size + x]! + sig.markerIntensity);
      }
      // The finding, last: a permutation of the finished pixels (the histogram stays the image's own).
      if (shapes.length > 0) {
        const marker = markerRect(sig.markerCorner, size);
        const free = Array.from(tissue, (t, p) => {
          const x = p % size;
          const y = Math.floor(p / size);
          const inMarker = x >= marker.x && x < marker.x + marker.side && y >= marker.y && y < marker.y + marker.side;
          return t === BODY && !inMarker && !lesionMap!.data[p];
        });
        const swapRng = SeededRandom.derive(seed, 'cxr-swap', i);
        for (const lesion of shapes) swapInLesion(image.data, lesion, free, size, Math.min(1, (contrast * lesion.gain) / 0.2), swapRng);
      }
      images.push({ record, image, lesionMap });
    }
    return {
      primaryTask: 'finding',
      tasks: {
        finding: { kind: 'single-label', classes: ['normal', 'opacity'], description: 'normal, or any finding (the class keeps its first name, opacity)' },
        findings: { kind: 'multi-label', classes: [...kinds], description: 'each finding type present (a lesion of that kind)' },
      },
      lesionKinds: [...kinds],
      keypointNames: [],
      notes: [
        `Sites: ${sites}; prevalence per site: ${prevalence.join(', ')}; signature strength ${strength}. Record attributes give each image's site signature (noiseBlur, markerCorner, gamma).`,
        'Disease appearance is independent of the site: any site information a model uses is a shortcut.',
        'Findings are spatial only: each is a permutation of the image\'s own pixels (lesion pixels trade values with nearby soft tissue), so pixel-shuffled images keep the site signature and lose the finding. The marker square (attributes markerX, markerY, markerSide) is the site signature\'s localised part.',
        `Finding types: ${kinds.join(', ')}; boxes on a fraction ${boxFraction} of diseased images (lesion masks on all).`,
      ],
      images,
    };
  },
};

const BODY = 1;
const LUNG = 2;

/** A lesion's shape and centre, and how dense its kind is drawn (nodules denser, effusions fainter). */
interface LesionShape {
  shape: Mask;
  cx: number;
  cy: number;
  gain: number;
}

/** Where the marker square of a site with `corner` lies, as record attributes (the site signature region). */
export function markerAttributes(corner: number, size: number): { markerX: number; markerY: number; markerSide: number } {
  const { x, y, side } = markerRect(corner, size);
  return { markerX: x, markerY: y, markerSide: side };
}

/**
 * Makes a lesion bright by trading pixel values, never by adding any: a fraction `density` of the
 * lesion's pixels (seeded) trade places with the nearest free soft-tissue pixels, the brightest donor
 * value going to the pixel nearest the lesion's centre. Donors are marked used. A pure permutation, so
 * the image's histogram is unchanged.
 */
function swapInLesion(pixels: Float32Array, lesion: LesionShape, free: boolean[], size: number, density: number, rng: SeededRandom): void {
  const distance = new Float64Array(free.length);
  for (let p = 0; p < free.length; p++) distance[p] = Math.hypot((p % size) + 0.5 - lesion.cx, Math.floor(p / size) + 0.5 - lesion.cy);
  const members: number[] = [];
  for (let p = 0; p < lesion.shape.data.length; p++) if (lesion.shape.data[p] && rng.bool(density)) members.push(p);
  members.sort((a, b) => distance[a]! - distance[b]!);
  const donors: number[] = [];
  for (let p = 0; p < free.length; p++) if (free[p]) donors.push(p);
  donors.sort((a, b) => distance[a]! - distance[b]!);
  const taken = donors.slice(0, members.length);
  taken.sort((a, b) => pixels[b]! - pixels[a]!);
  members.slice(0, taken.length).forEach((p, k) => {
    const donor = taken[k]!;
    [pixels[p], pixels[donor]] = [pixels[donor]!, pixels[p]!];
    free[donor] = false;
  });
}

/** A nodule (small, sharp, bright disc) or an effusion (a bright band filling the base of a lung). */
function drawFinding(
  kind: Exclude<CxrFindingKind, 'opacity'>,
  lung: { cx: number; cy: number; rx: number; ry: number },
  size: number,
  rng: SeededRandom,
  taken: Mask,
): { box?: Box; centroid?: Point; shape: Mask; attributes: Record<string, number> } | undefined {
  const shape = createMask(size, size);
  let cx: number;
  let cy: number;
  let r: number;
  if (kind === 'nodule') {
    r = size * rng.uniform(0.03, 0.045);
    cx = lung.cx + rng.uniform(-0.5, 0.5) * (lung.rx - r);
    cy = lung.cy + rng.uniform(-0.6, 0.6) * (lung.ry - r);
    fillEllipse(shape, cx, cy, r, r, 0);
  } else {
    const top = lung.cy + lung.ry * rng.uniform(0.35, 0.55);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        if (py >= top && ((px - lung.cx) / lung.rx) ** 2 + ((py - lung.cy) / lung.ry) ** 2 <= 1) shape.data[y * size + x] = 1;
      }
    }
    cx = lung.cx;
    cy = (top + lung.cy + lung.ry) / 2;
    r = (lung.cy + lung.ry - top) / 2;
  }
  for (let p = 0; p < shape.data.length; p++) if (shape.data[p] && taken.data[p]) shape.data[p] = 0; // keep lesions disjoint
  const stats = measureMask(shape);
  if (stats.area === 0) return undefined;
  return { box: stats.box, centroid: stats.centroid, shape, attributes: { centerX: cx, centerY: cy, radius: r } };
}
