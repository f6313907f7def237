/**
 * `GET /images/:datasetId/:imageId.png`: a dataset image as PNG at its native size (grey or RGB), and
 * `GET /masks/:datasetId/:imageId/:lesionId.png`: one lesion's mask as a black-and-white PNG.
 */
import { rasterToBytes, type ImageRecord } from '@protoscope/datasets';
import { encodePng8 } from '@protoscope/render';
import type { Store } from '@protoscope/tracking';
import { Router } from 'express';
import { datasetFolderOf } from '../datasets/dataset-folders';
import { decodeImage, decodeLesionMask, toGreyOrRgb } from '../datasets/image-raster';
import type { DatasetIndex, ManifestCache } from '../datasets/manifest-cache';
import { notFoundHttp, route } from './http-errors';

/** The dataset and one of its image records, or a 404 naming what is missing. */
export async function findImage(store: Store, manifests: ManifestCache, datasetId: string, imageId: string): Promise<{ index: DatasetIndex; record: ImageRecord }> {
  const folder = await datasetFolderOf(store, datasetId);
  if (folder === undefined) throw notFoundHttp(`no dataset with id "${datasetId}" in the store`);
  const index = manifests.get(folder);
  const record = index.byId.get(imageId);
  if (!record) throw notFoundHttp(`dataset "${datasetId}" has no image "${imageId}"`);
  return { index, record };
}

export function imageRoutes(store: Store, manifests: ManifestCache): Router {
  const router = Router();
  router.get(
    '/images/:datasetId/:imageId.png',
    route(async (req, res) => {
      const { index, record } = await findImage(store, manifests, String(req.params.datasetId), String(req.params.imageId));
      const raster = toGreyOrRgb(decodeImage(index.opened, record));
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.end(encodePng8(raster.width, raster.height, raster.channels, rasterToBytes(raster)));
    }),
  );
  router.get(
    '/masks/:datasetId/:imageId/:lesionId.png',
    route(async (req, res) => {
      const { index, record } = await findImage(store, manifests, String(req.params.datasetId), String(req.params.imageId));
      const lesion = record.lesions?.find((l) => l.id === req.params.lesionId);
      if (!lesion) throw notFoundHttp(`image "${record.id}" has no lesion "${req.params.lesionId}"`);
      const mask = decodeLesionMask(index.opened, lesion);
      if (!mask) throw notFoundHttp(`lesion "${lesion.id}" of image "${record.id}" has no mask (only a box or a point)`);
      const pixels = mask.data.map((v) => (v ? 255 : 0));
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.end(encodePng8(mask.width, mask.height, 1, pixels));
    }),
  );
  return router;
}
