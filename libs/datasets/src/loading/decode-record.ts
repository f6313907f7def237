import * as path from 'node:path';
import { MaskSizeMismatchError } from '../errors';
import { decodeImageFile, decodeMaskFile } from '../image/decode-image-file';
import type { DicomWindowing } from '../image/dicom-codec';
import { convertChannels, createLabelMap, resizeLabelMap, resizeRaster, type LabelMap, type Raster } from '../image/raster';
import { resolveDataPath, type OpenedDataset } from '../manifest/manifest-file';
import type { ImageRecord, MaskRef } from '../manifest/schema';
import { ArrayStore } from './array-store';

/** A record decoded at a fixed output size: image plus label maps, before augmentation. */
export interface DecodedSample {
  image: Raster;
  /** Value k+1 where lesion k's mask is (only lesions that have masks). */
  lesionMap?: LabelMap;
  /** Value k+1 where part keypointNames[k] is. */
  partMap?: LabelMap;
  /** Output size ÷ native size, to bring native coordinates (boxes, keypoints) to this size. */
  scaleX: number;
  scaleY: number;
}

export interface DecodeOptions {
  width: number;
  height: number;
  channels: 1 | 3;
  windowing?: DicomWindowing;
}

function label(record: ImageRecord, file: string): string {
  return record.origin ? `${path.basename(file)} (record ${record.id})` : `${file} (record ${record.id})`;
}

/** Reads a mask reference into a 0/1 map at native size, checking it matches the image size. */
function readMask(dataset: OpenedDataset, record: ImageRecord, ref: MaskRef, masks: Map<string, LabelMap>): LabelMap {
  const file = resolveDataPath(dataset, ref.path);
  let map = masks.get(file);
  if (!map) {
    map = decodeMaskFile(file, label(record, ref.path));
    masks.set(file, map);
  }
  if (map.width !== record.width || map.height !== record.height) {
    throw new MaskSizeMismatchError({ file: record.origin?.file ?? ref.path, row: record.origin?.row }, ref.path, map, record);
  }
  return map;
}

/** Decodes the record's image (PNG/JPEG/DICOM file or .npy row) and its masks, resized to the output size. */
export function decodeRecord(dataset: OpenedDataset, record: ImageRecord, options: DecodeOptions, arrays: ArrayStore): DecodedSample {
  let image: Raster;
  if (record.image.kind === 'array') {
    image = arrays.image(resolveDataPath(dataset, record.image.path), record.image.index, record.image.path);
  } else {
    image = decodeImageFile(resolveDataPath(dataset, record.image.path), record.image.format, {
      windowing: options.windowing,
      fileLabel: record.image.path,
      frame: record.image.frame,
    });
  }
  const nativeWidth = image.width;
  const nativeHeight = image.height;
  image = convertChannels(resizeRaster(image, options.width, options.height), options.channels);

  const masks = new Map<string, LabelMap>();
  let lesionMap: LabelMap | undefined;
  const sized = { ...record, width: nativeWidth, height: nativeHeight };
  (record.lesions ?? []).forEach((lesion, k) => {
    if (!lesion.mask) return;
    const mask = readMask(dataset, sized, lesion.mask, masks);
    lesionMap ??= createLabelMap(nativeWidth, nativeHeight);
    for (let i = 0; i < mask.data.length; i++) {
      const v = mask.data[i]!;
      if (lesion.mask.value === undefined ? v > 0 : v === lesion.mask.value) lesionMap.data[i] = k + 1;
    }
  });
  let partMap: LabelMap | undefined;
  if (record.partMask) {
    const mask = readMask(dataset, sized, record.partMask, masks);
    partMap = resizeLabelMap(mask, options.width, options.height);
  }
  return {
    image,
    lesionMap: lesionMap && resizeLabelMap(lesionMap, options.width, options.height),
    partMap,
    scaleX: options.width / nativeWidth,
    scaleY: options.height / nativeHeight,
  };
}
