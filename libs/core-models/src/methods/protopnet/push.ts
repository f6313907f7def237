import * as tf from '@tensorflow/tfjs-core';
import type { MethodBatch } from '../method';
import type { NearestPatch, PrototypeRecord } from '../prototype-record';
import type { PixelBox } from '../../backbones/receptive-field';
import { highActivationBox } from './high-activation-box';
import { logSimilarity, prototypeDistances } from './prototype-distances';

/** Which images prototypes may share: ProtoPNet lets them share; BRAIxProtoPNet++ gives each its own. */
export type DistinctImages = 'none' | 'per-class' | 'global';

export interface PushOptions {
  /** The training split without augmentation, in a fixed order; called twice, batches are disposed here. */
  batches: () => Iterable<MethodBatch>;
  /** The latent map [B, H, W, D] the prototypes live in (inference mode). */
  latent: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Prototype vectors [M, D]; replaced by their projections. */
  prototypes: tf.Variable;
  /** Class of each prototype. */
  prototypeClass: number[];
  distinctImages: DistinctImages;
  /** Input pixels a latent cell sees (from the backbone's layer arithmetic). */
  receptiveField: (h: number, w: number) => PixelBox;
  imageShape: [number, number];
  epsilon?: number;
  /** Record each pushed prototype's k nearest training patches (one per image, any class); 0: none. */
  nearest?: number;
}

/** Kept for callers that name the push's output. */
export type PushRecord = PrototypeRecord;

interface Candidate {
  imageIndex: number;
  distance: number;
  cell: number;
}

/** Pass 1: for every prototype, its nearest cell in every image of its class. */
function collectCandidates(options: PushOptions): { candidates: Candidate[][]; ids: (string | undefined)[]; grid: [number, number] } {
  const m = options.prototypeClass.length;
  const candidates: Candidate[][] = Array.from({ length: m }, () => []);
  const ids: (string | undefined)[] = [];
  let grid: [number, number] = [0, 0];
  let offset = 0;
  for (const batch of options.batches()) {
    const distances = tf.tidy(() => prototypeDistances(options.latent(batch.images), options.prototypes as tf.Tensor2D));
    const [b, h, w] = distances.shape;
    grid = [h, w];
    const values = distances.dataSync();
    const labels = batch.labels.dataSync();
    for (let i = 0; i < b; i++) {
      ids.push(batch.ids?.[i]);
      for (let j = 0; j < m; j++) {
        if (options.prototypeClass[j] !== labels[i]) continue;
        let best = Infinity;
        let cell = 0;
        for (let c = 0; c < h * w; c++) {
          const d = values[(i * h * w + c) * m + j]!;
          if (d < best) {
            best = d;
            cell = c;
          }
        }
        candidates[j]!.push({ imageIndex: offset + i, distance: best, cell });
      }
    }
    offset += b;
    tf.dispose([distances, batch.images, batch.labels, ...(batch.pairedImages ? [batch.pairedImages] : [])]);
  }
  return { candidates, ids, grid };
}

/** Chooses each prototype's source: its nearest image, or (diverse push) its nearest image not yet taken. */
export function choosePushSources(candidates: Candidate[][], prototypeClass: number[], distinct: DistinctImages): (Candidate & { shared: boolean })[] {
  const used = new Map<string, Set<number>>();
  return candidates.map((list, j) => {
    if (list.length === 0) throw new Error(`push: no training image of class ${prototypeClass[j]} for prototype ${j}`);
    const byDistance = [...list].sort((a, b) => a.distance - b.distance || a.imageIndex - b.imageIndex);
    if (distinct === 'none') return { ...byDistance[0]!, shared: false };
    const key = distinct === 'global' ? 'all' : String(prototypeClass[j]);
    const taken = used.get(key) ?? new Set<number>();
    used.set(key, taken);
    const free = byDistance.find((c) => !taken.has(c.imageIndex));
    const chosen = free ?? byDistance[0]!;
    taken.add(chosen.imageIndex);
    return { ...chosen, shared: !free };
  });
}

/**
 * ProtoPNet's push (projection): every prototype moves onto the latent patch of a training image of
 * its class that is nearest to it — the global argmin (ProtoPNet), or, with `distinctImages`, the
 * nearest image no earlier prototype took (BRAIxProtoPNet++'s diverse push, prototypes visited in
 * index order). Records provenance: source image, cell, receptive field and 95th-percentile box.
 */
export function pushPrototypes(options: PushOptions): PushRecord[] {
  const { candidates, ids, grid } = collectCandidates(options);
  const chosen = choosePushSources(candidates, options.prototypeClass, options.distinctImages);
  const byImage = new Map<number, number[]>();
  chosen.forEach((c, j) => byImage.set(c.imageIndex, [...(byImage.get(c.imageIndex) ?? []), j]));

  const [h, w] = grid;
  const depth = options.prototypes.shape[1]!;
  const newVectors = (options.prototypes.dataSync() as Float32Array).slice();
  const records: PushRecord[] = new Array(chosen.length);
  let offset = 0;
  // Pass 2: read the chosen patches and the (pre-projection) similarity maps on their images.
  for (const batch of options.batches()) {
    const b = batch.images.shape[0];
    const rows = [...byImage.keys()].filter((k) => k >= offset && k < offset + b);
    if (rows.length > 0) {
      const [latentValues, similarity] = tf.tidy(() => {
        const latent = options.latent(batch.images);
        const sim = logSimilarity(prototypeDistances(latent, options.prototypes as tf.Tensor2D), options.epsilon ?? 1e-4);
        return [latent.dataSync() as Float32Array, sim.dataSync() as Float32Array];
      });
      const m = options.prototypeClass.length;
      for (const imageIndex of rows) {
        const i = imageIndex - offset;
        for (const j of byImage.get(imageIndex)!) {
          const c = chosen[j]!;
          const [lh, lw] = [Math.floor(c.cell / w), c.cell % w];
          newVectors.set(latentValues.subarray((i * h * w + c.cell) * depth, (i * h * w + c.cell + 1) * depth), j * depth);
          const map = new Float32Array(h * w);
          for (let k = 0; k < h * w; k++) map[k] = similarity[(i * h * w + k) * m + j]!;
          records[j] = {
            prototype: j,
            class: options.prototypeClass[j]!,
            imageIndex,
            imageId: ids[imageIndex],
            latentH: lh,
            latentW: lw,
            distance: c.distance,
            receptiveField: options.receptiveField(lh, lw),
            highActivation: highActivationBox(map, [h, w], options.imageShape).box,
            activationMap: map,
            mapShape: [h, w],
            vector: newVectors.slice(j * depth, (j + 1) * depth),
            sharedImage: c.shared,
          };
        }
      }
    }
    offset += b;
    tf.dispose([batch.images, batch.labels, ...(batch.pairedImages ? [batch.pairedImages] : [])]);
  }
  tf.tidy(() => options.prototypes.assign(tf.tensor2d(newVectors, options.prototypes.shape as [number, number])));
  if ((options.nearest ?? 0) > 0) {
    const nearest = nearestPatches(options, options.nearest!);
    records.forEach((record, j) => (record.nearestPatches = nearest[j]));
  }
  return records;
}

/**
 * Pass 3, after the projection: for every prototype, the k training images whose best patch is nearest
 * to it (one patch per image, images of every class; ties by image order). The source image comes
 * first, at distance 0 — unless k images hold a patch identical to it.
 */
export function nearestPatches(options: PushOptions, k: number): NearestPatch[][] {
  const m = options.prototypeClass.length;
  const best: NearestPatch[][] = Array.from({ length: m }, () => []);
  let offset = 0;
  for (const batch of options.batches()) {
    const distances = tf.tidy(() => prototypeDistances(options.latent(batch.images), options.prototypes as tf.Tensor2D));
    const [b, h, w] = distances.shape;
    const values = distances.dataSync();
    const labels = batch.labels.dataSync();
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < m; j++) {
        let distance = Infinity;
        let cell = 0;
        for (let c = 0; c < h * w; c++) {
          const d = values[(i * h * w + c) * m + j]!;
          if (d < distance) {
            distance = d;
            cell = c;
          }
        }
        const list = best[j]!;
        // Keep the k smallest, in order (k is small: insertion is cheaper than sorting every image).
        if (list.length === k && distance >= list[k - 1]!.distance) continue;
        const [latentH, latentW] = [Math.floor(cell / w), cell % w];
        const entry: NearestPatch = {
          imageIndex: offset + i,
          imageId: batch.ids?.[i],
          class: labels[i]!,
          latentH,
          latentW,
          distance,
          receptiveField: options.receptiveField(latentH, latentW),
        };
        let at = list.findIndex((other) => distance < other.distance);
        if (at < 0) at = list.length;
        list.splice(at, 0, entry);
        if (list.length > k) list.pop();
      }
    }
    offset += b;
    tf.dispose([distances, batch.images, batch.labels, ...(batch.pairedImages ? [batch.pairedImages] : [])]);
  }
  return best;
}
