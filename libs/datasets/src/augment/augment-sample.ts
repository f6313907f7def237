import type { LabelMap, Raster } from '../image/raster';
import type { Box, Keypoint } from '../manifest/schema';
import type { SeededRandom } from '../random/seeded-random';
import { IDENTITY, apply, compose, invert, rotationAbout, scaling, translation, type Affine } from './affine-transform';
import type { AugmentConfig } from './augment-config';
import { randomDisplacementField, type DisplacementField } from './elastic-field';
import { applyIntensityJitter } from './intensity-jitter';
import { warpLabelMap, warpRaster } from './warp';

/** An image with the ground truth that must move with it, all at the same (output) size. */
export interface AugmentableSample {
  image: Raster;
  /** Lesion label map (value k+1 = lesion k). */
  lesionMap?: LabelMap;
  /** Part label map (value k+1 = part k). */
  partMap?: LabelMap;
  keypoints?: Keypoint[];
  /** Boxes of lesions without masks (boxes of masked lesions are re-measured from the warped mask). */
  boxes?: Array<Box | undefined>;
}

/** What was drawn, so that a caller can map any point of the input to the output. */
export interface AugmentParameters {
  flippedHorizontally: boolean;
  flippedVertically: boolean;
  rotationDegrees: number;
  cropScale: number;
  brightness: number;
  contrast: number;
  elastic: boolean;
  /** Input pixel coordinates → output pixel coordinates (the elastic part, if any, is not included). */
  transform: Affine;
}

export interface AugmentedSample extends AugmentableSample {
  parameters: AugmentParameters;
}

/** Draws the geometric transform for an image of size width×height. */
function drawTransform(config: AugmentConfig, width: number, height: number, rng: SeededRandom) {
  const flippedHorizontally = rng.next() < config.horizontalFlip;
  const flippedVertically = rng.next() < config.verticalFlip;
  const rotationDegrees = config.rotationDegrees > 0 ? rng.uniform(-config.rotationDegrees, config.rotationDegrees) : 0;
  const cropScale = config.cropMinScale < 1 ? rng.uniform(config.cropMinScale, 1) : 1;
  const cropCx = rng.uniform((cropScale * width) / 2, width - (cropScale * width) / 2);
  const cropCy = rng.uniform((cropScale * height) / 2, height - (cropScale * height) / 2);
  let m: Affine = IDENTITY;
  if (flippedHorizontally) m = compose({ a: -1, b: 0, c: width, d: 0, e: 1, f: 0 }, m);
  if (flippedVertically) m = compose({ a: 1, b: 0, c: 0, d: 0, e: -1, f: height }, m);
  if (rotationDegrees !== 0) m = compose(rotationAbout((rotationDegrees * Math.PI) / 180, width / 2, height / 2), m);
  if (cropScale !== 1) {
    m = compose(compose(translation(width / 2, height / 2), compose(scaling(1 / cropScale, 1 / cropScale), translation(-cropCx, -cropCy))), m);
  }
  return { flippedHorizontally, flippedVertically, rotationDegrees, cropScale, transform: m };
}

function boxOfLabel(map: LabelMap, value: number): Box | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      if (map.data[y * map.width + x] !== value) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < minX ? undefined : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

function transformBox(box: Box, m: Affine, width: number, height: number): Box | undefined {
  const corners = [
    apply(m, { x: box.x, y: box.y }),
    apply(m, { x: box.x + box.width, y: box.y }),
    apply(m, { x: box.x, y: box.y + box.height }),
    apply(m, { x: box.x + box.width, y: box.y + box.height }),
  ];
  const x0 = Math.max(0, Math.min(...corners.map((p) => p.x)));
  const y0 = Math.max(0, Math.min(...corners.map((p) => p.y)));
  const x1 = Math.min(width, Math.max(...corners.map((p) => p.x)));
  const y1 = Math.min(height, Math.max(...corners.map((p) => p.y)));
  return x1 <= x0 || y1 <= y0 ? undefined : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Augments one sample with the generator `rng` (seed it per sample and epoch for reproducibility):
 * one geometric transform (flip, rotation, crop) plus optional elastic field is applied to the image
 * and to every label map, keypoint and box, so ground truth stays aligned; then intensity jitter on
 * the image alone. Keypoints pushed outside the image become invisible.
 */
export function augmentSample(sample: AugmentableSample, config: AugmentConfig, rng: SeededRandom): AugmentedSample {
  const { width, height } = sample.image;
  const drawn = drawTransform(config, width, height, rng);
  const field: DisplacementField | undefined = config.elastic.enabled && config.elastic.alpha > 0
    ? randomDisplacementField(width, height, config.elastic.grid, config.elastic.alpha, rng)
    : undefined;
  const brightness = config.brightness > 0 ? rng.uniform(-config.brightness, config.brightness) : 0;
  const contrast = config.contrast > 0 ? rng.uniform(1 - config.contrast, 1 + config.contrast) : 1;
  const geometric = drawn.transform !== IDENTITY || field !== undefined;
  const inverse = invert(drawn.transform);

  const image = geometric ? warpRaster(sample.image, inverse, width, height, field) : { ...sample.image, data: sample.image.data.slice() };
  if (brightness !== 0 || contrast !== 1) applyIntensityJitter(image, brightness, contrast);
  const lesionMap = sample.lesionMap && (geometric ? warpLabelMap(sample.lesionMap, inverse, width, height, field) : sample.lesionMap);
  const partMap = sample.partMap && (geometric ? warpLabelMap(sample.partMap, inverse, width, height, field) : sample.partMap);

  const displacementAt = (x: number, y: number): { dx: number; dy: number } => {
    if (!field) return { dx: 0, dy: 0 };
    const ix = Math.min(width - 1, Math.max(0, Math.floor(x)));
    const iy = Math.min(height - 1, Math.max(0, Math.floor(y)));
    return { dx: field.dx[iy * width + ix]!, dy: field.dy[iy * width + ix]! };
  };
  const keypoints = sample.keypoints?.map((k) => {
    const p = apply(drawn.transform, k);
    const { dx, dy } = displacementAt(p.x, p.y);
    const x = p.x - dx;
    const y = p.y - dy;
    const inside = x >= 0 && y >= 0 && x < width && y < height;
    return { name: k.name, x, y, visible: k.visible && inside };
  });
  const boxes = sample.boxes?.map((box, i) => {
    if (lesionMap) {
      const measured = boxOfLabel(lesionMap, i + 1);
      if (measured) return measured;
    }
    return box && transformBox(box, drawn.transform, width, height);
  });
  return {
    image,
    lesionMap,
    partMap,
    keypoints,
    boxes,
    parameters: {
      flippedHorizontally: drawn.flippedHorizontally,
      flippedVertically: drawn.flippedVertically,
      rotationDegrees: drawn.rotationDegrees,
      cropScale: drawn.cropScale,
      brightness,
      contrast,
      elastic: field !== undefined,
      transform: drawn.transform,
    },
  };
}
