import { hamLocalisationAccuracy, localisationOverlap, pointingGameHit, rocAuc, scaledPointingTolerance } from '@protoscope/eval';
import { explainImages } from '../../explain/explain-run';
import { findingPresences } from '../../explain/finding-presence';
import { meanWithCi, type MeanWithCi } from '../evaluation-context';
import { format, type EvaluationSuite } from './suite';

const ci = (m: MeanWithCi | null) => (m ? `${format(m.mean, 3)} [${format(m.lower, 3)}, ${format(m.upper, 3)}]` : '–');

/**
 * Models with a map of their own per finding (ham, lesion-linked): per finding, the presence AUC
 * (present = the image has a lesion of that kind) and its map as a weak segmentation against the
 * masks of that kind's lesions — Dice and IoU of the map at ≥ 0.5 (a probability map: cells more
 * likely present than not; an attention map: above half its range), the pointing game, and HAM's
 * T(IoU)/T(IoR) with the finding as the class — on the images that have such a lesion. Keys map
 * finding → value.
 */
export const lesionsSuite: EvaluationSuite = {
  id: 'lesions',
  async run(context) {
    const own = context.explainable.hooks?.findingMaps;
    if (!own) return { metrics: {}, rows: [], notes: [`lesions: method '${context.loaded.run.method}' has no maps of its own per finding (ham and lesion-linked have)`] };
    const { images } = context;
    const size = { height: images.height, width: images.width };
    const tolerance = scaledPointingTolerance(Math.min(size.height, size.width));
    const presence = findingPresences(context.explainable, images)!;
    const targets = images.items.map((i) => i.label);
    const metrics: Record<string, Record<string, unknown>> = { lesionPresenceAuc: {}, lesionDice: {}, lesionIou: {}, lesionPointingGame: {}, lesionTIoU: {}, lesionTIoR: {}, lesionImages: {} };
    const rows: Array<[string, string]> = [];
    const notes: string[] = [];
    for (const [k, name] of own.names.entries()) {
      const labels = images.items.map((item) => (item.lesionKinds?.includes(name) ? 1 : 0));
      const scores = presence.map((row) => row[k]!);
      const both = labels.includes(0) && labels.includes(1);
      metrics['lesionPresenceAuc']![name] = both ? rocAuc(scores, labels) : null;
      if (!both) notes.push(`lesions: presence AUC of '${name}' needs images with and without it`);
      const withMask = images.items.flatMap((item, index) => (item.lesionMasks?.[name] ? [{ mask: item.lesionMasks[name]!, index }] : []));
      metrics['lesionImages']![name] = withMask.length;
      if (withMask.length === 0) {
        notes.push(`lesions: no selected image has a '${name}' mask`);
        continue;
      }
      context.log(`finding-maps: ${name} maps of ${images.items.length} images`);
      const heatmaps = await explainImages(context.explainable, 'finding-maps', images, targets, { settings: { finding: k }, batchSize: 16 });
      const overlaps = withMask.map(({ mask, index }) => localisationOverlap(heatmaps.maps[index]!, mask, size));
      const hits = withMask.map(({ mask, index }) => (pointingGameHit(heatmaps.maps[index]!, mask, { ...size, tolerance }).hit ? 1 : 0));
      metrics['lesionDice']![name] = meanWithCi(overlaps.map((o) => o.dice));
      metrics['lesionIou']![name] = meanWithCi(overlaps.map((o) => o.iou));
      metrics['lesionPointingGame']![name] = meanWithCi(hits);
      // HAM's protocol with the finding as the class: the fraction of images whose map passes each threshold.
      const ham = hamLocalisationAccuracy(withMask.map(({ mask, index }) => ({ saliency: heatmaps.maps[index]!, groundTruth: mask, classIndex: k })), size);
      metrics['lesionTIoU']![name] = Object.fromEntries(ham.iouThresholds.map((t, i) => [String(t), ham.meanIouAccuracy[i]]));
      metrics['lesionTIoR']![name] = Object.fromEntries(ham.iorThresholds.map((t, i) => [String(t), ham.meanIorAccuracy[i]]));
      rows.push(
        [`presence AUC ${name}`, format(metrics['lesionPresenceAuc']![name] as number | null, 3)],
        [`dice ${name}`, ci(metrics['lesionDice']![name] as MeanWithCi)],
        [`pointingGame ${name}`, ci(metrics['lesionPointingGame']![name] as MeanWithCi)],
      );
    }
    return { metrics, rows, notes };
  },
};
