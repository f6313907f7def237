import { createRaster } from '../image/raster';
import { SeededRandom } from '../random/seeded-random';
import { checkCommonParams, numberOption, type DatasetGenerator, type GeneratedImage, type GeneratorParams } from './dataset-generator';
import { fractalNoise } from './draw/noise-texture';
import { createMask, fillEllipse, fillLine, measureMask, stamp, type Mask } from './draw/shape-masks';

export const FUNDUS_LESION_KINDS = ['drusen', 'haemorrhage', 'exudate', 'scar'] as const;
export type FundusLesionKind = (typeof FUNDUS_LESION_KINDS)[number];

/** Severity of each lesion kind; the grade is the highest severity present (0 = no lesion). */
export const FUNDUS_SEVERITY: Record<FundusLesionKind, number> = { drusen: 1, haemorrhage: 2, exudate: 3, scar: 4 };

/** The grading rule: the most severe lesion kind present decides the grade (0–4). */
export function fundusGradeFromLesions(kinds: readonly string[]): number {
  return kinds.reduce((g, k) => Math.max(g, FUNDUS_SEVERITY[k as FundusLesionKind] ?? 0), 0);
}

const COLOURS: Record<FundusLesionKind, [number, number, number]> = {
  drusen: [0.95, 0.88, 0.45],
  haemorrhage: [0.32, 0.04, 0.03],
  exudate: [1, 0.96, 0.72],
  scar: [0.86, 0.8, 0.68],
};

const OPTIONS = {
  contrast: { name: 'lesion-contrast', description: 'fundus-lesions: how strongly lesions show (0–1, lower = harder)', default: 0.85 },
  extra: { name: 'extra-lesion-rate', description: 'fundus-lesions: chance of each milder lesion kind also appearing', default: 0.4 },
} as const;

/**
 * Retina-like colour images: fundus disc, optic disc, macula, vessels; lesions of four kinds with
 * one mask each; the grade is computed from the lesions (fundusGradeFromLesions). Grades are drawn
 * uniformly, then lesions are placed to realise them.
 */
export const fundusLesionsGenerator: DatasetGenerator = {
  name: 'fundus-lesions',
  summary: 'retina-like images with drusen, haemorrhages, exudates, scars; grade computed from the lesions',
  options: Object.values(OPTIONS),
  generate(params: GeneratorParams) {
    checkCommonParams(params);
    const { size, seed, n } = params;
    const strength = numberOption(params, OPTIONS.contrast, 0, 1);
    const extraRate = numberOption(params, OPTIONS.extra, 0, 1);
    const images: GeneratedImage[] = [];
    const radius = size * 0.46;
    const c = size / 2;
    for (let i = 0; i < n; i++) {
      const rng = SeededRandom.derive(seed, 'fundus', i);
      const eye = rng.bool() ? 'L' : 'R';
      const disc = { x: eye === 'R' ? c + size * 0.2 : c - size * 0.2, y: c + rng.uniform(-0.03, 0.03) * size, r: size * 0.075 };
      const image = createRaster(size, size, 3);
      const texture = fractalNoise(rng, size, size, size / 5, 3);
      const vessels = createMask(size, size);
      for (let v = 0; v < 4; v++) {
        const up = v < 2 ? -1 : 1;
        const spread = v % 2 === 0 ? 0.25 : 0.4;
        let prev = { x: disc.x, y: disc.y };
        for (let s = 1; s <= 8; s++) {
          const t = s / 8;
          const dir = eye === 'R' ? -1 : 1;
          const next = { x: disc.x + dir * t * size * 0.55, y: disc.y + up * size * spread * Math.sin(t * Math.PI * 0.8) };
          fillLine(vessels, prev, next, Math.max(1, size / 48) * (1.4 - t * 0.6));
          prev = next;
        }
      }
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const dx = x + 0.5 - c;
          const dy = y + 0.5 - c;
          const r = Math.sqrt(dx * dx + dy * dy) / radius;
          if (r > 1) continue;
          const p = y * size + x;
          const light = 1 - 0.35 * r * r + 0.12 * (texture[p]! - 0.5);
          let rgb = [0.78 * light, 0.36 * light, 0.16 * light];
          const md = Math.hypot(x + 0.5 - c, y + 0.5 - c) / (size * 0.09);
          if (md < 1) rgb = rgb.map((v) => v * (0.75 + 0.25 * md));
          if (vessels.data[p]) rgb = [0.5 * light, 0.09, 0.05];
          const od = Math.hypot(x + 0.5 - disc.x, y + 0.5 - disc.y) / disc.r;
          if (od < 1) rgb = [0.97, 0.86 - 0.1 * od, 0.6 - 0.15 * od];
          image.data.set(rgb, p * 3);
        }
      }
      const grade = rng.int(0, 4);
      const kinds: FundusLesionKind[] = [];
      if (grade > 0) {
        const main = FUNDUS_LESION_KINDS[grade - 1]!;
        const mainCount = main === 'drusen' ? rng.int(2, 5) : rng.int(1, 2);
        for (let k = 0; k < mainCount; k++) kinds.push(main);
        for (const milder of FUNDUS_LESION_KINDS.slice(0, grade - 1)) if (rng.bool(extraRate)) kinds.push(milder, ...(milder === 'drusen' ? ['drusen' as const] : []));
      }
      const lesionMap = createMask(size, size);
      const lesions: NonNullable<GeneratedImage['record']['lesions']> = [];
      const placed: Array<{ x: number; y: number; r: number }> = [];
      for (const kind of kinds) {
        const r = size * (kind === 'drusen' ? rng.uniform(0.018, 0.028) : kind === 'haemorrhage' ? rng.uniform(0.035, 0.055) : kind === 'exudate' ? rng.uniform(0.03, 0.045) : rng.uniform(0.07, 0.095));
        let spot: { x: number; y: number } | undefined;
        for (let attempt = 0; attempt < 100 && !spot; attempt++) {
          const a = rng.uniform(0, 2 * Math.PI);
          const d = (kind === 'drusen' ? 0.45 : 0.8) * (radius - r * 2) * Math.sqrt(rng.next());
          const candidate = { x: c + Math.cos(a) * d, y: c + Math.sin(a) * d };
          const clear = Math.hypot(candidate.x - disc.x, candidate.y - disc.y) > disc.r + r * 2 + 1 && placed.every((q) => Math.hypot(candidate.x - q.x, candidate.y - q.y) > q.r * 1.6 + r * 1.6 + 1);
          if (clear) spot = candidate;
        }
        if (!spot) continue;
        const shape: Mask = createMask(size, size);
        if (kind === 'exudate') {
          for (let k = 0; k < 3; k++) fillEllipse(shape, spot.x + rng.uniform(-0.5, 0.5) * r, spot.y + rng.uniform(-0.5, 0.5) * r, r * rng.uniform(0.5, 0.8), r * rng.uniform(0.4, 0.7), rng.uniform(0, Math.PI));
        } else {
          fillEllipse(shape, spot.x, spot.y, Math.max(0.8, r * rng.uniform(0.85, 1.15)), Math.max(0.8, r * rng.uniform(0.85, 1.15)), rng.uniform(0, Math.PI));
        }
        const stats = measureMask(shape);
        if (stats.area === 0) continue;
        placed.push({ ...spot, r });
        stamp(lesionMap, shape, lesions.length + 1);
        const colour = COLOURS[kind];
        for (let p = 0; p < shape.data.length; p++) {
          if (!shape.data[p]) continue;
          let target = colour;
          if (kind === 'scar') {
            const dist = Math.hypot((p % size) + 0.5 - spot.x, Math.floor(p / size) + 0.5 - spot.y) / r;
            if (dist > 0.75) target = [0.22, 0.15, 0.1]; // pigmented rim
          }
          for (let ch = 0; ch < 3; ch++) image.data[p * 3 + ch] = image.data[p * 3 + ch]! * (1 - strength) + target[ch]! * strength;
        }
        lesions.push({ id: `fundus-${i}-lesion-${lesions.length}`, kind, label: kind, box: stats.box, centroid: stats.centroid, attributes: { centerX: spot.x, centerY: spot.y, radius: r, severity: FUNDUS_SEVERITY[kind] } });
      }
      const present = lesions.map((l) => l.kind);
      const record: GeneratedImage['record'] = {
        id: `fundus-${String(i).padStart(6, '0')}`,
        patientId: `fundus-patient-${String(i).padStart(6, '0')}`,
        view: eye,
        laterality: eye,
        source: 'synthetic',
        labels: {
          grade: fundusGradeFromLesions(present),
          lesions: FUNDUS_LESION_KINDS.map((k) => (present.includes(k) ? 1 : 0)),
        },
        lesions: lesions.length > 0 ? lesions : undefined,
        attributes: { opticDiscX: disc.x, opticDiscY: disc.y },
      };
      images.push({ record, image, lesionMap: lesions.length > 0 ? lesionMap : undefined });
    }
    return {
      primaryTask: 'grade',
      tasks: {
        grade: { kind: 'ordinal', classes: ['0', '1', '2', '3', '4'], description: 'highest lesion severity: drusen 1, haemorrhage 2, exudate 3, scar 4' },
        lesions: { kind: 'multi-label', classes: [...FUNDUS_LESION_KINDS] },
      },
      lesionKinds: [...FUNDUS_LESION_KINDS],
      keypointNames: [],
      notes: ['grade = max severity of the lesions present (drusen 1, haemorrhage 2, exudate 3, scar 4; none 0). One mask per lesion (label map value = lesion index + 1).'],
      images,
    };
  },
};
