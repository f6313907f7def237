import {
  hamLocalisationAccuracy,
  localisationOverlap,
  OTHER_VIEW_EXPLAINERS,
  pointingGame,
  scaledPointingTolerance,
  type LocalisationCase,
} from '@protoscope/eval';
import { energyInside, unitScaled } from '../../explain/explain-run';
import type { ImageItem } from '../../runs/image-set';
import { meanWithCi, type MeanWithCi } from '../evaluation-context';
import { format, type EvaluationSuite } from './suite';

const ci = (m: MeanWithCi | null) => (m ? `${format(m.mean, 3)} [${format(m.lower, 3)}, ${format(m.upper, 3)}]` : '–');

/**
 * Each method's heat maps of the ground-truth class against the lesion masks of the images that have
 * one: pointing game (TorchRay's 15 px scaled to the image size; mean over classes), energy-based
 * pointing game, IoU, Dice and IoR/IoBB of the map thresholded at 0.5, HAM's T(IoU) and T(IoR).
 * Keys map method id → value; means carry a bootstrap 95 % interval over images.
 */
export const localisationSuite: EvaluationSuite = {
  id: 'localisation',
  async run(context) {
    const { images } = context;
    // A map on the other view of a pair (cross-attention) is scored against that view's lesions.
    const regionOf = (method: string) => (item: ImageItem) => (OTHER_VIEW_EXPLAINERS.includes(method) ? item.other?.mask : item.mask);
    const lesionsFor = (method: string) => images.items.flatMap((item, index) => (regionOf(method)(item) ? [{ item, index }] : []));
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
    };
    const rows: Array<[string, string]> = [];
    for (const method of context.methods) {
      const withLesion = lesionsFor(method);
      if (withLesion.length === 0) continue;
      const heatmaps = await context.heatmaps(method, 'label');
      const cases: LocalisationCase[] = withLesion.map(({ item, index }) => ({
        saliency: heatmaps.scale === 'unit' ? heatmaps.maps[index]! : unitScaled(heatmaps.maps[index]!),
        groundTruth: regionOf(method)(item)!,
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
      rows.push(
        [`pointingGame ${method}`, `${format(pointing.meanAccuracy, 3)} (images: ${ci(metrics['pointingGameCi']![method] as MeanWithCi)})`],
        [`energyPointingGame ${method}`, ci(energy)],
        [`iou ${method}`, ci(metrics['iou']![method] as MeanWithCi)],
      );
    }
    return { metrics: { ...metrics, localisationImages: images.items.filter((item) => item.mask).length }, rows };
  },
};
