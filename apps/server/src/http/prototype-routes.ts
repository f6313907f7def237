/**
 * `GET /prototypes/:runId/:index/patch.png?step=N`: a prototype's patch — the stored patch artifact
 * when the run saved one, else its receptive field cut out of the source image. Default step: the
 * latest push. `&nearest=K`: the K-th (0 = nearest) training patch recorded near it at that push,
 * cut out of its image.
 */
import { encodePatch } from '@protoscope/render';
import type { Box, Store } from '@protoscope/tracking';
import { Router, type Response } from 'express';
import { decodeImage, toGreyOrRgb } from '../datasets/image-raster';
import type { ManifestCache } from '../datasets/manifest-cache';
import { badRequestHttp, notFoundHttp, route } from './http-errors';
import { findImage } from './image-routes';

const wholeNumber = (text: unknown, what: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(String(text)) || !Number.isSafeInteger(n)) throw badRequestHttp(`${what} must be a whole number, got "${String(text)}"`);
  return n;
};

export function prototypeRoutes(store: Store, manifests: ManifestCache): Router {
  const router = Router();
  router.get(
    '/prototypes/:runId/:index/patch.png',
    route(async (req, res) => {
      const runId = String(req.params.runId);
      const index = wholeNumber(req.params.index, 'the prototype index');
      const step = req.query.step === undefined ? undefined : wholeNumber(req.query.step, 'step');
      const prototypes = await store.prototypes.list(runId, step === undefined ? {} : { step }); // UnknownRunError → 404
      const prototype = prototypes.find((p) => p.index === index);
      if (!prototype) throw notFoundHttp(`run "${runId}" has no prototype ${index}${step === undefined ? ' in its latest push' : ` at step ${step}`}`);
      res.setHeader('Cache-Control', 'private, max-age=300');
      if (req.query.nearest !== undefined) {
        const rank = wholeNumber(req.query.nearest, 'nearest');
        const patch = prototype.nearestPatches[rank];
        if (!patch?.box) throw notFoundHttp(`prototype ${index} of run "${runId}" has no nearest patch ${rank} with a box (it has ${prototype.nearestPatches.length})`);
        await sendCut(res, runId, patch.imageId, patch.box);
        return;
      }
      if (prototype.patchArtifact) {
        const info = await store.artifacts.info(prototype.patchArtifact);
        res.setHeader('Content-Type', info.mediaType);
        res.end(await store.artifacts.get(prototype.patchArtifact));
        return;
      }
      const box = prototype.receptiveField;
      if (!prototype.sourceImageId || !box) {
        throw notFoundHttp(`prototype ${index} of run "${runId}" has neither a stored patch nor a source image with a receptive field`);
      }
      await sendCut(res, runId, prototype.sourceImageId, box);
    }),
  );

  /** A box of one of the run's dataset images as PNG. */
  async function sendCut(res: Response, runId: string, imageId: string, box: Box): Promise<void> {
    const run = await store.runs.get(runId);
    if (!run.dataset) throw notFoundHttp(`run "${runId}" names no dataset to cut patches from`);
    const { index: dataset, record } = await findImage(store, manifests, run.dataset, imageId);
    const image = toGreyOrRgb(decodeImage(dataset.opened, record));
    res.setHeader('Content-Type', 'image/png');
    res.end(encodePatch(image, { hStart: box.y0, hEnd: box.y1, wStart: box.x0, wEnd: box.x1 }));
  }
  return router;
}
