import {
  hamLocalisationAccuracy,
  localisationOverlap,
  OTHER_VIEW_EXPLAINERS,
  pointingGame,
  scaledPointingTolerance,
  type LocalisationCase,
} from '@protoscope/eval';
import { lesionQuery } from '../../explain/attention-queries';
import { energyInside, unitScaled } from '../../explain/explain-run';
import type { ImageItem } from '../../runs/image-set';
import { meanWithCi, type MeanWithCi } from '../evaluation-context';
import type { Heatmaps } from '@protoscope/eval';
import type { EvaluationContext } from '../evaluation-context';
import { format, type EvaluationSuite } from './suite';

const ci = (m: MeanWithCi | null) => (m ? `${format(m.mean, 3)} [${format(m.lower, 3)}, ${format(m.upper, 3)}]` : '–');

/** One family of maps scored: a method's maps, or (view pairs) cross-attention read from the main view's lesion. */
interface ScoredMaps {
  key: string;
  heatmaps(): Promise<Heatmaps>;
  /** The map lies on the other view of the pair (cross-attention). */
  onOtherView: boolean;
  /** Pair examples this family has a map for (default: all). */
  includes?(item: ImageItem): boolean;
}

function scoredMaps(context: EvaluationContext): ScoredMaps[] {
  const size = { height: context.images.height, width: context.images.width };
  const pairs = context.images.items.some((item) => item.other);
  return context.methods.flatMap((method): ScoredMaps[] => {
    const own: ScoredMaps = { key: method, heatmaps: () => context.heatmaps(method, 'label'), onOtherView: OTHER_VIEW_EXPLAINERS.includes(method) };
    if (!pairs || !own.onOtherView) return [own];
    const fromLesion = (item: ImageItem) => (item.mask ? lesionQuery(item.mask, size) : undefined);
    return [own, { key: `${method}@lesion`, heatmaps: () => context.queryHeatmaps(`${method}@lesion`, method, fromLesion), onOtherView: true, includes: (item) => item.mask !== undefined }];
  });
}

/**
 * Each method's heat maps of the ground-truth class against the lesion masks of the images that have
 * one: pointing game (TorchRay's 15 px scaled to the image size; mean over classes), energy-based
 * pointing game, IoU, Dice and IoR/IoBB of the map thresholded at 0.5, HAM's T(IoU) and T(IoR).
 * Keys map method id → value; means carry a bootstrap 95 % interval over images. On view pairs the
 * maps of cross-attention are scored against the other view's lesions — from the whole main view
 * (`cross-attention`) and from the main view's lesion (`cross-attention@lesion`, pairs with a lesion
 * in both views) — and pointing game and IoU are also given per view of the image the map lies on.
 */
export const localisationSuite: EvaluationSuite = {
  id: 'localisation',
  async run(context) {
    const { images } = context;
    // A map on the other view of a pair (cross-attention) is scored against that view's lesions.
    const regionOf = (scored: ScoredMaps) => (item: ImageItem) => (scored.onOtherView ? item.other?.mask : item.mask);
    const lesionsFor = (scored: ScoredMaps) => images.items.flatMap((item, index) => (regionOf(scored)(item) && (scored.includes?.(item) ?? true) ? [{ item, index }] : []));
    const pairs = images.items.some((item) => item.other);
    if (images.items.every((item) => !item.mask && !item.other?.mask)) return { metrics: {}, rows: [], notes: ['localisation: no selected image has a lesion mask or box'] };
    const size = { height: images.height, width: images.width };
    const tolerance = scaledPointingTolerance(Math.min(size.height, size.width));
    const metrics: Record<string, Record<string, unknown>> = {
      pointingGame: {},
      pointingGameCi: {},
      energyPointingGame: {},
      iou: {},
      dice: {},
      iobb: {},
      tIoU: {},
      tIoR: {},
      emptyMaps: {},
      ...(pairs ? { pointingGameByView: {}, iouByView: {} } : {}),
    };
    const rows: Array<[string, string]> = [];
    for (const scored of scoredMaps(context)) {
      const method = scored.key;
      const withLesion = lesionsFor(scored);
      if (withLesion.length === 0) continue;
      const heatmaps = await scored.heatmaps();
      const cases: LocalisationCase[] = withLesion.map(({ item, index }) => ({
        saliency: heatmaps.scale === 'unit' ? heatmaps.maps[index]! : unitScaled(heatmaps.maps[index]!),
        groundTruth: regionOf(scored)(item)!,
        classIndex: item.label,
      }));
      const pointing = pointingGame(cases, { ...size, tolerance });
      const overlaps = cases.map((c) => localisationOverlap(c.saliency, c.groundTruth, size));
      // An all-zero map (ReLU removed every channel's evidence) puts no mass anywhere: left out of the energy mean, counted.
      const energies = cases.map((c) => energyInside(c.saliency, c.groundTruth as Uint8Array, size));
      const energy = meanWithCi(energies.filter((e): e is number => e !== null));
      metrics['emptyMaps']![method] = energies.filter((e) => e === null).length;
      const ham = hamLocalisationAccuracy(cases, size);
      metrics['pointingGame']![method] = pointing.meanAccuracy;
      metrics['pointingGameCi']![method] = meanWithCi(pointing.cases.map((c) => (c.hit ? 1 : 0)));
      metrics['energyPointingGame']![method] = energy;
      metrics['iou']![method] = meanWithCi(overlaps.map((o) => o.iou));
      metrics['dice']![method] = meanWithCi(overlaps.map((o) => o.dice));
      metrics['iobb']![method] = meanWithCi(overlaps.map((o) => o.ior ?? 0));
      metrics['tIoU']![method] = Object.fromEntries(ham.iouThresholds.map((t, i) => [String(t), ham.meanIouAccuracy[i]]));
      metrics['tIoR']![method] = Object.fromEntries(ham.iorThresholds.map((t, i) => [String(t), ham.meanIorAccuracy[i]]));
      if (pairs) {
        // Per view of the image the map lies on: the explained view, or (cross-attention) the other one.
        const viewOf = ({ item }: { item: ImageItem }) => context.views.get(scored.onOtherView ? item.other!.id : item.id) ?? 'unknown';
        const byView = (values: readonly number[]) => {
          const grouped = new Map<string, number[]>();
          withLesion.forEach((entry, i) => grouped.set(viewOf(entry), [...(grouped.get(viewOf(entry)) ?? []), values[i]!]));
          return Object.fromEntries([...grouped].sort(([a], [b]) => a.localeCompare(b)).map(([view, v]) => [view, meanWithCi(v)]));
        };
        metrics['pointingGameByView']![method] = byView(pointing.cases.map((c) => (c.hit ? 1 : 0)));
        metrics['iouByView']![method] = byView(overlaps.map((o) => o.iou));
      }
      rows.push(
        [`pointingGame ${method}`, `${format(pointing.meanAccuracy, 3)} (images: ${ci(metrics['pointingGameCi']![method] as MeanWithCi)})`],
        [`energyPointingGame ${method}`, ci(energy)],
        [`iou ${method}`, ci(metrics['iou']![method] as MeanWithCi)],
      );
    }
    return { metrics: { ...metrics, localisationImages: images.items.filter((item) => item.mask).length }, rows };
  },
};
