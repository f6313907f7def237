/**
 * `GET /prototypes/:runId/:index/patch.png?step=N`: a prototype's patch — the stored patch artifact
 * when the run saved one, else its receptive field cut out of the source image. Default step: the
 * latest push.
 */
import { encodePatch } from '@protoscope/eval';
import type { Store } from '@protoscope/tracking';
import { Router } from 'express';
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
      const prototypes = await store.prototypes(runId, step === undefined ? {} : { step }); // UnknownRunError → 404
      const prototype = prototypes.find((p) => p.index === index);
      if (!prototype) throw notFoundHttp(`run "${runId}" has no prototype ${index}${step === undefined ? ' in its latest push' : ` at step ${step}`}`);
      res.setHeader('Cache-Control', 'private, max-age=300');
      if (prototype.patchArtifact) {
        const info = await store.artifactInfo(prototype.patchArtifact);
        res.setHeader('Content-Type', info.mediaType);
        res.end(await store.getArtifact(prototype.patchArtifact));
        return;
      }
      const run = await store.getRun(runId);
      const box = prototype.receptiveField;
      if (!prototype.sourceImageId || !box || !run.dataset) {
        throw notFoundHttp(`prototype ${index} of run "${runId}" has neither a stored patch nor a source image with a receptive field`);
      }
      const { index: dataset, record } = await findImage(store, manifests, run.dataset, prototype.sourceImageId);
      const image = toGreyOrRgb(decodeImage(dataset.opened, record));
      res.setHeader('Content-Type', 'image/png');
      res.end(encodePatch(image, { hStart: box.y0, hEnd: box.y1, wStart: box.x0, wEnd: box.x1 }));
    }),
  );
  return router;
}
