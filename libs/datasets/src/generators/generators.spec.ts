import { FUNDUS_LESION_KINDS, fundusGradeFromLesions } from './fundus-lesions';
import { getGenerator } from './generator-registry';
import { HEAD_COLOURS, PART_NAMES } from './parts';
import { markerRect } from './cxr-multisource';
import { projectLesion } from './mammo-two-view';
import type { GeneratedImage, GeneratorParams } from './dataset-generator';
import { FEW_SHOT_SPLIT } from './web-noisy';

const params = (n: number, seed = 7, options: GeneratorParams['options'] = {}): GeneratorParams => ({ n, seed, size: 64, options });

/** The pixels as a compact string (fast to compare). */
const pixelsKey = (g: GeneratedImage) => Buffer.from(g.image.data.buffer).toString('base64');

function maskStats(g: GeneratedImage, value: number) {
  let sx = 0, sy = 0, n = 0, minX = Infinity, minY = Infinity, maxX = -1, maxY = -1;
  const { width, data } = g.lesionMap!;
  data.forEach((v, i) => {
    if (v !== value) return;
    const x = i % width;
    const y = Math.floor(i / width);
    sx += x + 0.5;
    sy += y + 0.5;
    n++;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return { n, centroid: { x: sx / n, y: sy / n }, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } };
}

describe.each(['mammo-two-view', 'cxr-multisource', 'fundus-lesions', 'parts', 'web-noisy'])('generator %s', (name) => {
  it('is deterministic for a seed, different for another, and every lesion mask lies in its box', () => {
    const a = getGenerator(name).generate(params(12));
    const b = getGenerator(name).generate(params(12));
    const c = getGenerator(name).generate(params(12, 8));
    expect(a.images).toHaveLength(12);
    expect(a.images.map(pixelsKey)).toEqual(b.images.map(pixelsKey));
    expect(JSON.stringify(a.images.map((g) => g.record))).toBe(JSON.stringify(b.images.map((g) => g.record)));
    expect(a.images.map(pixelsKey)).not.toEqual(c.images.map(pixelsKey));
    for (const g of a.images) {
      expect(g.image.data.every((v) => v >= 0 && v <= 1)).toBe(true);
      (g.record.lesions ?? []).forEach((lesion, k) => {
        const stats = maskStats(g, k + 1);
        expect(stats.n).toBeGreaterThan(0);
        expect(lesion.box).toEqual(stats.box);
        expect(lesion.centroid!.x).toBeCloseTo(stats.centroid.x, 6);
        const placed = { x: Number(lesion.attributes?.['centerX']), y: Number(lesion.attributes?.['centerY']) };
        if (Number.isFinite(placed.x) && lesion.attributes?.['shape'] !== 'scattered' && lesion.attributes?.['shape'] !== 'clustered') {
          // The mask sits where the generator put the lesion.
          expect(Math.hypot(stats.centroid.x - placed.x, stats.centroid.y - placed.y)).toBeLessThan(0.35 * Number(lesion.attributes?.['radius']) + 1.5);
        }
      });
    }
  });
});

describe('mammo-two-view', () => {
  const { images } = getGenerator('mammo-two-view').generate(params(80, 3, { 'normal-fraction': 0 }));

  it('draws the same lesion in CC and MLO at the positions of the stated geometry', () => {
    let checked = 0;
    for (let i = 0; i < images.length; i += 2) {
      const [cc, mlo] = [images[i]!, images[i + 1]!];
      expect([cc.record.view, mlo.record.view]).toEqual(['CC', 'MLO']);
      expect(cc.record.patientId).toBe(mlo.record.patientId);
      const [l1, l2] = [cc.record.lesions![0]!, mlo.record.lesions![0]!];
      expect(l1.groupId).toBe(l2.groupId);
      expect(l1.label).toBe(l2.label);
      const a = l1.attributes!;
      for (const [view, g, lesion] of [['CC', cc, l1], ['MLO', mlo, l2]] as const) {
        const p = projectLesion(view, Number(a['depth']), Number(a['mediolateral']), Number(a['superoinferior']));
        const x = g.record.laterality === 'L' ? p.x * 64 : 64 - p.x * 64;
        expect(Number(lesion.attributes!['centerX'])).toBeCloseTo(x, 6);
        expect(Number(lesion.attributes!['centerY'])).toBeCloseTo(p.y * 64, 6);
      }
      // Same distance from the chest wall in both views, measured on the masks themselves.
      if (l1.attributes!['shape'] === 'round') {
        expect(Math.abs(maskStats(cc, 1).centroid.x - maskStats(mlo, 1).centroid.x)).toBeLessThan(1.5);
        checked++;
      }
      // Label follows shape.
      expect(l1.label).toBe(['spiculated', 'clustered'].includes(String(a['shape'])) ? 'malignant' : 'benign');
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('makes lesions brighter than the tissue around them', () => {
    const g = images.find((x) => x.record.lesions?.[0]?.kind === 'mass')!;
    let inside = 0, n = 0;
    g.lesionMap!.data.forEach((v, i) => v && ((inside += g.image.data[i]!), n++));
    const box = g.record.lesions![0]!.box!;
    let ring = 0, m = 0;
    for (let y = box.y - 3; y < box.y + box.height + 3; y++) for (let x = box.x - 3; x < box.x + box.width + 3; x++) {
      if (x < 0 || y < 0 || x >= 64 || y >= 64 || g.lesionMap!.data[y * 64 + x]) continue;
      ring += g.image.data[y * 64 + x]!;
      m++;
    }
    expect(inside / n).toBeGreaterThan(ring / m + 0.1);
  });
});

describe('cxr-multisource', () => {
  it('realises the per-site prevalence exactly and marks each site in its corner', () => {
    const { images } = getGenerator('cxr-multisource').generate(params(60, 1, { prevalence: '0.1,0.9' }));
    for (const [site, prevalence] of [[0, 0.1], [1, 0.9]] as const) {
      const members = images.filter((g) => g.record.source === `site-${site}`);
      expect(members.filter((g) => g.record.labels['finding'] === 1).length).toBe(Math.round(prevalence * members.length));
    }
    const markerMean = (g: GeneratedImage, corner: number) => {
      const r = markerRect(corner, 64);
      let s = 0;
      for (let y = r.y; y < r.y + r.side; y++) for (let x = r.x; x < r.x + r.side; x++) s += g.image.data[y * 64 + x]!;
      return s / (r.side * r.side);
    };
    const site0 = images.filter((g) => g.record.source === 'site-0');
    const site1 = images.filter((g) => g.record.source === 'site-1');
    const mean = (list: GeneratedImage[], corner: number) => list.reduce((s, g) => s + markerMean(g, corner), 0) / list.length;
    expect(mean(site0, 0)).toBeGreaterThan(mean(site1, 0) + 0.1);
    expect(mean(site1, 1)).toBeGreaterThan(mean(site0, 1) + 0.1);
    for (const g of images.filter((x) => x.record.labels['finding'] === 1)) expect(g.record.lesions!.length).toBeGreaterThan(0);
  });
});

describe('cxr-multisource spatial findings', () => {
  it('leaves each image its histogram: a pixel-shuffled image carries the site but not the finding', () => {
    // The same images drawn all negative and all positive (the label changes nothing else).
    const negative = getGenerator('cxr-multisource').generate(params(16, 9, { prevalence: '0' })).images;
    const positive = getGenerator('cxr-multisource').generate(params(16, 9, { prevalence: '1', 'finding-types': 1 })).images;
    const sorted = (g: GeneratedImage) => Array.from(g.image.data).sort((a, b) => a - b);
    negative.forEach((neg, i) => {
      const pos = positive[i]!;
      expect(pos.record.lesions!.length).toBeGreaterThan(0);
      // Identical intensity histograms (sorted pixel values), so shuffling leaves nothing to tell them apart.
      expect(sorted(pos)).toEqual(sorted(neg));
      // The marker square, named by the record, is untouched and bright at its site's corner.
      const { markerX, markerY, markerSide } = pos.record.attributes as Record<string, number>;
      expect(markerRect(Number(pos.record.attributes!['markerCorner']), 64)).toEqual({ x: markerX, y: markerY, side: markerSide });
      for (let y = markerY!; y < markerY! + markerSide!; y++) {
        for (let x = markerX!; x < markerX! + markerSide!; x++) expect(pos.image.data[y * 64 + x]).toBe(neg.image.data[y * 64 + x]);
      }
      // Spatially the finding is there: its pixels are brighter than the same pixels without it.
      let [inside, before, area] = [0, 0, 0];
      pos.lesionMap!.data.forEach((v, p) => {
        if (!v) return;
        inside += pos.image.data[p]!;
        before += neg.image.data[p]!;
        area++;
      });
      expect(inside / area - before / area).toBeGreaterThan(0.15);
    });
  });
});

describe('cxr-multisource finding types and boxes', () => {
  it('labels each finding type present, keeps boxes on about the asked fraction, and leaves one type unchanged', () => {
    const { images, tasks } = getGenerator('cxr-multisource').generate(params(120, 4, { 'finding-types': 3, 'box-fraction': 0.5, prevalence: '0.7' }));
    expect(tasks['findings']).toEqual(expect.objectContaining({ kind: 'multi-label', classes: ['opacity', 'nodule', 'effusion'] }));
    const diseased = images.filter((g) => g.record.labels['finding'] === 1);
    for (const g of images) {
      const kinds = new Set((g.record.lesions ?? []).map((l) => l.kind));
      expect(g.record.labels['findings']).toEqual(['opacity', 'nodule', 'effusion'].map((k) => (kinds.has(k) ? 1 : 0)));
      // A lesion's mask is written whether or not it keeps its box; boxes go with the image.
      const boxed = (g.record.lesions ?? []).map((l) => l.box !== undefined);
      expect(new Set(boxed).size).toBeLessThanOrEqual(1);
      (g.record.lesions ?? []).forEach((_, k) => expect(maskStats(g, k + 1).n).toBeGreaterThan(0));
    }
    const types = new Set(diseased.flatMap((g) => (g.record.lesions ?? []).map((l) => l.kind)));
    expect(types).toEqual(new Set(['opacity', 'nodule', 'effusion']));
    const withBoxes = diseased.filter((g) => g.record.lesions!.some((l) => l.box)).length / diseased.length;
    expect(withBoxes).toBeGreaterThan(0.3);
    expect(withBoxes).toBeLessThan(0.7);
    // The default (one type, all boxes) draws the same pixels as before the options existed.
    const plain = getGenerator('cxr-multisource').generate(params(12, 4));
    const explicit = getGenerator('cxr-multisource').generate(params(12, 4, { 'finding-types': 1, 'box-fraction': 1 }));
    expect(plain.images.map(pixelsKey)).toEqual(explicit.images.map(pixelsKey));
    expect(() => getGenerator('cxr-multisource').generate(params(4, 4, { 'finding-types': 4 }))).toThrow(/--finding-types must be a number in \[1, 3\]/);
  });
});

describe('mammo-two-view lesion scale', () => {
  it('shrinks every lesion by the asked factor', () => {
    const make = (scale: number) => getGenerator('mammo-two-view').generate(params(40, 5, { 'normal-fraction': 0, 'lesion-scale': scale })).images;
    const [full, half] = [make(1), make(0.5)];
    const radius = (g: GeneratedImage) => Number(g.record.lesions![0]!.attributes!['radius']);
    half.forEach((g, i) => expect(radius(g)).toBeCloseTo(radius(full[i]!) / 2, 9));
    const area = (list: GeneratedImage[]) => list.reduce((s, g) => s + g.lesionMap!.data.filter((v) => v > 0).length, 0);
    // Masses scale with the radius squared (a quarter); scattered specks less than that.
    expect(area(half) / area(full)).toBeLessThan(0.45);
  });
});

describe('fundus-lesions', () => {
  it('computes the grade from the lesions present, with one mask per lesion', () => {
    const { images } = getGenerator('fundus-lesions').generate(params(60, 2));
    const grades = new Set<number>();
    for (const g of images) {
      const kinds = (g.record.lesions ?? []).map((l) => l.kind);
      expect(g.record.labels['grade']).toBe(fundusGradeFromLesions(kinds));
      expect(g.record.labels['lesions']).toEqual(FUNDUS_LESION_KINDS.map((k) => (kinds.includes(k) ? 1 : 0)));
      grades.add(g.record.labels['grade'] as number);
    }
    expect(grades.size).toBe(5);
    expect(fundusGradeFromLesions(['drusen', 'exudate'])).toBe(3);
    expect(fundusGradeFromLesions([])).toBe(0);
  });
});

describe('parts', () => {
  const { images } = getGenerator('parts').generate(params(60, 4, { occlusion: 0.5 }));

  it('marks a keypoint visible exactly when its part shows at that pixel', () => {
    let hidden = 0;
    for (const g of images) {
      g.record.keypoints!.forEach((k, index) => {
        expect(k.name).toBe(PART_NAMES[index]);
        const value = g.partMap!.data[Math.floor(k.y) * 64 + Math.floor(k.x)];
        expect(k.visible).toBe(value === index + 1);
        if (!k.visible) hidden++;
      });
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('at a size too small for some parts, gives an undrawn part an invisible keypoint', () => {
    const small = getGenerator('parts').generate({ n: 48, seed: 6, size: 16, options: {} }).images;
    let undrawn = 0;
    for (const g of small) {
      g.record.keypoints!.forEach((k, index) => {
        const drawn = g.partMap!.data.some((v) => v === index + 1);
        if (!drawn) {
          undrawn++;
          expect(k.visible).toBe(false);
        }
      });
    }
    expect(undrawn).toBeGreaterThan(0);
  });

  it('defines the class by part appearance: the head pixels have the class head colour', () => {
    for (const g of images) {
      const head = PART_NAMES.indexOf('head') + 1;
      let r = 0, b = 0, n = 0;
      g.partMap!.data.forEach((v, i) => v === head && ((r += g.image.data[i * 3]!), (b += g.image.data[i * 3 + 2]!), n++));
      if (n === 0) continue; // head fully occluded
      const colour = (g.record.labels['class'] as number) % 2;
      expect(colour === 0 ? r > b : b > r).toBe(true);
      expect(HEAD_COLOURS[colour]).toBeDefined();
    }
  });
});

describe('web-noisy', () => {
  it('corrupts exactly the asked fractions of web images and keeps a clean few-shot split', () => {
    const { images, tasks } = getGenerator('web-noisy').generate(params(120, 5, { base: 'mammo-two-view', 'label-noise': 0.3, 'ood-fraction': 0.1, 'few-shot': 3 }));
    expect(Object.keys(tasks)).toEqual(['pathology']);
    const fewShot = images.filter((g) => g.record.split === FEW_SHOT_SPLIT);
    expect(fewShot).toHaveLength(9);
    expect(fewShot.every((g) => g.record.noise?.status === 'clean' && g.record.noise.fewShot)).toBe(true);
    const web = images.filter((g) => g.record.split === 'train');
    const wrong = web.filter((g) => g.record.noise?.status === 'wrong-label');
    expect(wrong).toHaveLength(Math.round(0.3 * web.length));
    for (const g of wrong) expect(g.record.labels['pathology']).not.toBe(g.record.noise!.trueLabels!['pathology']);
    expect(web.filter((g) => g.record.noise?.status === 'out-of-distribution')).toHaveLength(Math.round(0.1 * web.length));
    expect(images.filter((g) => g.record.split === 'test' || g.record.split === 'val').every((g) => g.record.noise?.status === 'clean')).toBe(true);
  });
});
