import { createRaster, type Raster } from '../image/raster';
import type { Point } from '../manifest/schema';
import { SeededRandom } from '../random/seeded-random';
import { checkCommonParams, numberOption, type DatasetGenerator, type GeneratedImage, type GeneratorParams } from './dataset-generator';
import { fractalNoise } from './draw/noise-texture';
import { createMask, fillEllipse, fillLine, measureMask, stamp, type Mask } from './draw/shape-masks';

const OPTIONS = {
  normal: { name: 'normal-fraction', description: 'mammo-two-view: fraction of cases without a lesion', default: 0.34 },
  malignant: { name: 'malignant-fraction', description: 'mammo-two-view: fraction of cases with a malignant lesion (the rest are benign)', default: 0.33 },
  contrast: { name: 'lesion-contrast', description: 'mammo-two-view: lesion brightness over tissue (lower = harder)', default: 0.3 },
  noise: { name: 'noise', description: 'mammo-two-view: tissue texture strength (higher = harder)', default: 0.25 },
  scale: { name: 'lesion-scale', description: 'mammo-two-view: lesion radius × this (below 1 = small lesions; with a low --lesion-contrast, the hard setting)', default: 1 },
} as const;

/** The MLO obliquity used by the two-view geometry. */
export const MLO_ANGLE_DEGREES = 45;

/**
 * Geometry of one breast in normalised image units (fractions of the side S), for laterality L
 * (chest wall at x = 0; R is mirrored). A lesion at 3-D position (depth, ml, si) — depth from the
 * chest wall along the nipple line, ml medio-lateral, si supero-inferior offsets — projects to
 *   CC:  x = depth, y = 0.5 + ml
 *   MLO: x = depth, y = 0.5 + si·cos θ + ml·sin θ   (θ = 45°)
 * so the same lesion has the same distance from the chest wall in both views.
 */
export function projectLesion(view: 'CC' | 'MLO', depth: number, ml: number, si: number): Point {
  const t = (MLO_ANGLE_DEGREES * Math.PI) / 180;
  return view === 'CC' ? { x: depth, y: 0.5 + ml } : { x: depth, y: 0.5 + si * Math.cos(t) + ml * Math.sin(t) };
}

const BREAST = { depth: 0.82, halfHeightCC: 0.42, halfHeightMLO: 0.46, pectoralWidth: 0.3, pectoralHeight: 0.5 };

/** Is the normalised point (x from the chest wall, y) inside the breast outline of a view (and off the pectoral muscle)? */
function insideBreast(view: 'CC' | 'MLO', x: number, y: number, margin = 0): boolean {
  const b = (view === 'CC' ? BREAST.halfHeightCC : BREAST.halfHeightMLO) - margin;
  const a = BREAST.depth - margin;
  if (x < margin || (x / a) ** 2 + ((y - 0.5) / b) ** 2 > 1) return false;
  if (view === 'MLO' && x < BREAST.pectoralWidth * (1 - y / BREAST.pectoralHeight) + margin) return false;
  return true;
}

type LesionShape = 'round' | 'spiculated' | 'scattered' | 'clustered';

interface PlannedLesion {
  shape: LesionShape;
  kind: 'mass' | 'calcification';
  label: 'benign' | 'malignant';
  depth: number;
  ml: number;
  si: number;
  /** Radius in pixels. */
  radius: number;
  /** Shape seed: the same shape is drawn in both views. */
  shapeSeed: number;
}

/** Draws the lesion's mask (in pixels) centred at c. */
function lesionMask(lesion: PlannedLesion, size: number, c: Point): Mask {
  const mask = createMask(size, size);
  const rng = new SeededRandom(lesion.shapeSeed);
  const r = lesion.radius;
  if (lesion.shape === 'round') {
    fillEllipse(mask, c.x, c.y, r * rng.uniform(0.85, 1.1), r * rng.uniform(0.85, 1.1), rng.uniform(0, Math.PI));
  } else if (lesion.shape === 'spiculated') {
    fillEllipse(mask, c.x, c.y, r * 0.7, r * 0.7);
    const spikes = rng.int(7, 11);
    for (let k = 0; k < spikes; k++) {
      const angle = (2 * Math.PI * (k + rng.uniform(-0.3, 0.3))) / spikes;
      const length = r * rng.uniform(1.3, 1.9);
      fillLine(mask, c, { x: c.x + Math.cos(angle) * length, y: c.y + Math.sin(angle) * length }, Math.max(1, size / 64));
    }
  } else {
    const count = lesion.shape === 'clustered' ? rng.int(8, 14) : rng.int(3, 5);
    const spread = lesion.shape === 'clustered' ? r * 0.8 : r * 1.6;
    const dot = lesion.shape === 'clustered' ? Math.max(0.6, size / 110) : Math.max(0.9, size / 55);
    for (let k = 0; k < count; k++) {
      const a = rng.uniform(0, 2 * Math.PI);
      const d = spread * Math.sqrt(rng.next());
      fillEllipse(mask, c.x + Math.cos(a) * d, c.y + Math.sin(a) * d, dot, dot);
    }
  }
  return mask;
}

function planLesion(rng: SeededRandom, label: 'benign' | 'malignant', size: number, scale: number): PlannedLesion {
  const kind = rng.bool(0.6) ? 'mass' : 'calcification';
  const shape: LesionShape = kind === 'mass' ? (label === 'malignant' ? 'spiculated' : 'round') : label === 'malignant' ? 'clustered' : 'scattered';
  const radius = size * rng.uniform(0.055, 0.085) * scale;
  const margin = (radius * (shape === 'spiculated' || shape === 'scattered' ? 2 : 1.2)) / size + 0.02;
  for (let attempt = 0; attempt < 200; attempt++) {
    const depth = rng.uniform(0.2, 0.7);
    const ml = rng.uniform(-0.3, 0.3);
    const si = rng.uniform(-0.3, 0.3);
    const cc = projectLesion('CC', depth, ml, si);
    const mlo = projectLesion('MLO', depth, ml, si);
    if (insideBreast('CC', cc.x, cc.y, margin) && insideBreast('MLO', mlo.x, mlo.y, margin)) {
      return { shape, kind, label, depth, ml, si, radius, shapeSeed: rng.int(0, 2 ** 31) };
    }
  }
  return { shape, kind, label, depth: 0.45, ml: 0, si: 0, radius, shapeSeed: rng.int(0, 2 ** 31) };
}

function renderView(
  view: 'CC' | 'MLO',
  laterality: 'L' | 'R',
  lesion: PlannedLesion | undefined,
  size: number,
  rng: SeededRandom,
  contrast: number,
  noise: number,
): { image: Raster; mask?: Mask; center?: Point } {
  const image = createRaster(size, size, 1);
  const texture = fractalNoise(rng, size, size, size / 4, 3);
  const fine = fractalNoise(rng, size, size, Math.max(2, size / 16), 2);
  const toImageX = (x: number) => (laterality === 'L' ? x * size : size - x * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const xn = laterality === 'L' ? (px + 0.5) / size : 1 - (px + 0.5) / size;
      const yn = (py + 0.5) / size;
      const i = py * size + px;
      const b = view === 'CC' ? BREAST.halfHeightCC : BREAST.halfHeightMLO;
      const r2 = (xn / BREAST.depth) ** 2 + ((yn - 0.5) / b) ** 2;
      if (r2 > 1) continue;
      const fade = Math.min(1, (1 - r2) * 4); // thinner tissue near the skin line
      let v = 0.25 + 0.2 * fade + noise * (texture[i]! - 0.5) + noise * 0.5 * (fine[i]! - 0.5);
      if (view === 'MLO' && xn < BREAST.pectoralWidth * (1 - yn / BREAST.pectoralHeight)) v = 0.62 + 0.05 * (texture[i]! - 0.5);
      image.data[i] = Math.min(1, Math.max(0, v));
    }
  }
  if (!lesion) return { image };
  const p = projectLesion(view, lesion.depth, lesion.ml, lesion.si);
  const center = { x: toImageX(p.x), y: p.y * size };
  const mask = lesionMask(lesion, size, center);
  const strength = lesion.kind === 'calcification' ? contrast * 1.8 : contrast;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    const x = (i % size) + 0.5 - center.x;
    const y = Math.floor(i / size) + 0.5 - center.y;
    const falloff = lesion.kind === 'mass' ? 1 - 0.35 * Math.min(1, Math.sqrt(x * x + y * y) / (lesion.radius * 1.6)) : 1;
    image.data[i] = Math.min(1, image.data[i]! + strength * falloff);
  }
  return { image, mask, center };
}

/**
 * Synthetic two-view mammograms: per case one breast (L or R) seen in CC and MLO, tissue texture,
 * and at most one lesion, drawn in both views at the positions given by `projectLesion`. The label
 * follows the shape: round masses and scattered coarse calcifications are benign, spiculated
 * masses and tight clusters of fine calcifications malignant.
 */
export const mammoTwoViewGenerator: DatasetGenerator = {
  name: 'mammo-two-view',
  summary: 'two-view (CC + MLO) mammograms with masses/calcifications, consistent positions, masks and boxes',
  options: Object.values(OPTIONS),
  generate(params: GeneratorParams) {
    checkCommonParams(params);
    const { size, seed } = params;
    const normal = numberOption(params, OPTIONS.normal, 0, 1);
    const malignant = numberOption(params, OPTIONS.malignant, 0, 1);
    const contrast = numberOption(params, OPTIONS.contrast, 0, 1);
    const noise = numberOption(params, OPTIONS.noise, 0, 2);
    const scale = numberOption(params, OPTIONS.scale, 0.2, 2);
    const cases = Math.ceil(params.n / 2);
    const images: GeneratedImage[] = [];
    for (let c = 0; c < cases; c++) {
      const rng = SeededRandom.derive(seed, 'mammo', c);
      const caseId = `case-${String(c).padStart(6, '0')}`;
      const laterality = rng.bool() ? 'L' : 'R';
      const draw = rng.next();
      const pathology = draw < normal ? 'normal' : draw < normal + malignant ? 'malignant' : 'benign';
      const lesion = pathology === 'normal' ? undefined : planLesion(rng, pathology, size, scale);
      for (const view of ['CC', 'MLO'] as const) {
        const rendered = renderView(view, laterality, lesion, size, SeededRandom.derive(seed, 'mammo-view', c, view), contrast, noise);
        const record: GeneratedImage['record'] = {
          id: `${caseId}-${laterality}-${view}`,
          patientId: caseId,
          studyId: caseId,
          view,
          laterality,
          source: 'synthetic',
          labels: { pathology: ['normal', 'benign', 'malignant'].indexOf(pathology) },
        };
        let lesionMap: GeneratedImage['lesionMap'];
        if (lesion && rendered.mask && rendered.center) {
          const stats = measureMask(rendered.mask);
          lesionMap = createMask(size, size);
          stamp(lesionMap, rendered.mask, 1);
          record.lesions = [
            {
              id: `${record.id}-lesion-0`,
              kind: lesion.kind,
              label: lesion.label,
              box: stats.box,
              centroid: stats.centroid,
              groupId: `${caseId}-lesion-0`,
              attributes: {
                shape: lesion.shape,
                centerX: rendered.center.x,
                centerY: rendered.center.y,
                radius: lesion.radius,
                depth: lesion.depth,
                mediolateral: lesion.ml,
                superoinferior: lesion.si,
              },
            },
          ];
        }
        images.push({ record, image: rendered.image, lesionMap });
      }
    }
    return {
      primaryTask: 'pathology',
      tasks: { pathology: { kind: 'single-label', classes: ['normal', 'benign', 'malignant'], description: 'by lesion shape: round/scattered benign, spiculated/clustered malignant' } },
      lesionKinds: ['mass', 'calcification'],
      keypointNames: [],
      notes: [
        `Two views per case (patientId = case). Lesion attributes depth/mediolateral/superoinferior are the 3-D position in units of the image side; CC: x = depth, y = 0.5 + ml; MLO: x = depth, y = 0.5 + si·cos${MLO_ANGLE_DEGREES}° + ml·sin${MLO_ANGLE_DEGREES}° (x from the chest wall; mirrored for R).`,
        'Lesion centroid and box are measured from the mask; attributes centerX/centerY are where the lesion was placed.',
      ],
      images: params.n % 2 === 1 ? images.slice(0, params.n) : images,
    };
  },
};
