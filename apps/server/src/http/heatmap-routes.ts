/**
 * `GET /heatmaps/:saliencyId.png?opacity=0.5&colormap=jet&outline=1`: a saliency map drawn over its
 * image (renderOverlay of @protoscope/render). `outline=1` also draws the image's lesions: mask
 * outlines, and boxes for lesions that only have a box. When the run's dataset cannot be found the
 * map is drawn over a mid-grey image of its own size, so the explanation is still visible.
 */
import { COLORMAPS, renderOverlay, type ColormapName } from '@protoscope/render';
import type { Raster } from '@protoscope/datasets';
import type { Store } from '@protoscope/tracking';
import { Router } from 'express';
import { decodeImage, decodeLesionMask, toGreyOrRgb } from '../datasets/image-raster';
import type { ManifestCache } from '../datasets/manifest-cache';
import { toUnitRange, type HeatmapArtifacts } from '../heatmaps/heatmap-artifacts';
import { badRequestHttp, HttpError, notFoundHttp, route } from './http-errors';
import { findImage } from './image-routes';

export interface OverlayQuery {
  opacity: number;
  colormap: ColormapName;
  outline: boolean;
}

export function parseOverlayQuery(query: Record<string, unknown>): OverlayQuery {
  const one = (name: string): string | undefined => {
    const v = query[name];
    return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  };
  const opacityText = one('opacity');
  const opacity = opacityText === undefined ? 0.5 : Number(opacityText);
  if (!(opacity >= 0 && opacity <= 1)) throw badRequestHttp(`opacity must be a number from 0 to 1, got "${opacityText}"`);
  const colormap = (one('colormap') ?? 'jet') as ColormapName;
  if (!COLORMAPS.includes(colormap)) throw badRequestHttp(`colormap must be one of ${COLORMAPS.join(', ')}, got "${colormap}"`);
  const outlineText = one('outline') ?? '0';
  if (!['0', '1', 'true', 'false'].includes(outlineText)) throw badRequestHttp(`outline must be 0 or 1, got "${outlineText}"`);
  return { opacity, colormap, outline: outlineText === '1' || outlineText === 'true' };
}

export function heatmapRoutes(store: Store, manifests: ManifestCache, heatmaps: HeatmapArtifacts): Router {
  const router = Router();
  router.get(
    '/heatmaps/:saliencyId.png',
    route(async (req, res) => {
      const id = Number(req.params.saliencyId);
      if (!/^\d+$/.test(String(req.params.saliencyId)) || !Number.isSafeInteger(id)) {
        throw badRequestHttp(`"${req.params.saliencyId}" is not a saliency map id (a whole number)`);
      }
      const query = parseOverlayQuery(req.query as Record<string, unknown>);
      const map = await store.saliency.find(id);
      if (!map) throw notFoundHttp(`no saliency map with id ${id}`);
      const decoded = await heatmaps.saliency(store, map.heatmap);
      const run = await store.runs.find(map.runId);

      let image: Raster | undefined;
      let outline: Uint8Array | undefined;
      const boxes: Array<{ hStart: number; hEnd: number; wStart: number; wEnd: number }> = [];
      if (run?.dataset) {
        try {
          const { index, record } = await findImage(store, manifests, run.dataset, map.imageId);
          image = toGreyOrRgb(decodeImage(index.opened, record));
          if (query.outline) {
            for (const lesion of record.lesions ?? []) {
              const mask = decodeLesionMask(index.opened, lesion);
              if (mask && mask.width === image.width && mask.height === image.height) {
                outline ??= new Uint8Array(mask.data.length);
                mask.data.forEach((v, i) => v && (outline![i] = 1));
              } else if (lesion.box) {
                const b = lesion.box;
                boxes.push({ hStart: Math.floor(b.y), hEnd: Math.ceil(b.y + b.height), wStart: Math.floor(b.x), wEnd: Math.ceil(b.x + b.width) });
              }
            }
          }
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
        }
      }
      image ??= { width: decoded.width, height: decoded.height, channels: 1, data: new Float32Array(decoded.width * decoded.height).fill(0.5) };
      const png = renderOverlay({
        image,
        heatmap: toUnitRange(decoded),
        heatmapSize: [decoded.height, decoded.width],
        opacity: query.opacity,
        colormap: query.colormap,
        outline,
        boxes,
      });
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.end(png);
    }),
  );
  return router;
}
