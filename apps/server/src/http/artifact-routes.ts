/**
 * `GET /artifacts/:hash`: an artifact's bytes with its stored media type; immutable (content-addressed).
 * Local artifact files are streamed, re-hashed on the way (a damaged file breaks the transfer instead of
 * arriving as wrong bytes); artifacts in an object store are answered with a redirect to a short-lived
 * presigned URL, so the bytes go from the bucket to the client without passing through the server.
 */
import type { Store } from '@protoscope/tracking';
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { badRequestHttp, route } from './http-errors';

/** How long a presigned artifact URL stays valid. */
const PRESIGNED_SECONDS = 300;

export function artifactRoutes(store: Store): Router {
  const router = Router();
  router.get(
    '/artifacts/:hash',
    route(async (req, res) => {
      const hash = String(req.params.hash).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hash)) throw badRequestHttp(`"${req.params.hash}" is not an artifact hash (64 hexadecimal digits of SHA-256)`);
      const info = await store.artifacts.info(hash); // UnknownArtifactError → 404
      const presigned = await store.artifacts.url(hash, { expiresInSeconds: PRESIGNED_SECONDS });
      if (presigned) {
        // The redirect itself must not outlive the URL it names.
        res.setHeader('Cache-Control', `private, max-age=${PRESIGNED_SECONDS - 60}`);
        res.redirect(302, presigned);
        return;
      }
      const bytes = await store.artifacts.stream(hash);
      res.setHeader('Content-Type', info.mediaType);
      res.setHeader('Content-Length', String(info.sizeBytes));
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      res.setHeader('ETag', `"${hash}"`);
      // A failed integrity check mid-stream destroys the response: the client sees a cut transfer.
      await pipeline(bytes, res).catch(() => res.destroy());
    }),
  );
  return router;
}
