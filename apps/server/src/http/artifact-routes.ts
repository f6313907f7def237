/** `GET /artifacts/:hash`: an artifact's bytes with its stored media type; immutable (content-addressed). */
import type { Store } from '@protoscope/tracking';
import { Router } from 'express';
import { badRequestHttp, route } from './http-errors';

export function artifactRoutes(store: Store): Router {
  const router = Router();
  router.get(
    '/artifacts/:hash',
    route(async (req, res) => {
      const hash = String(req.params.hash).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw badRequestHttp(`"${req.params.hash}" is not an artifact hash (64 hexadecimal digits of SHA-256)`);
      const info = await store.artifactInfo(hash); // UnknownArtifactError → 404
      const bytes = await store.getArtifact(hash);
      res.setHeader('Content-Type', info.mediaType);
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      res.setHeader('ETag', `"${hash}"`);
      res.end(bytes);
    }),
  );
  return router;
}
