/**
 * The URLs of binary things the graph hands out (images, masks, overlays, patches, artifacts). They
 * are absolute, so a script can fetch them as they come; the base is the server's own address unless
 * `artifactsBaseUrl` says otherwise (a proxy or CDN in front of the server).
 */
export interface OverlayParams {
  opacity?: number | null;
  colormap?: string | null;
  outline?: boolean | null;
}

export class Urls {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  artifact(hash: string): string {
    return `${this.base}/artifacts/${hash}`;
  }

  image(datasetId: string, imageId: string): string {
    return `${this.base}/images/${encodeURIComponent(datasetId)}/${encodeURIComponent(imageId)}.png`;
  }

  lesionMask(datasetId: string, imageId: string, lesionId: string): string {
    return `${this.base}/masks/${encodeURIComponent(datasetId)}/${encodeURIComponent(imageId)}/${encodeURIComponent(lesionId)}.png`;
  }

  overlay(saliencyId: number, params: OverlayParams = {}): string {
    const query = new URLSearchParams();
    if (params.opacity !== undefined && params.opacity !== null) query.set('opacity', String(params.opacity));
    if (params.colormap) query.set('colormap', params.colormap);
    if (params.outline) query.set('outline', '1');
    const text = query.toString();
    return `${this.base}/heatmaps/${saliencyId}.png${text ? `?${text}` : ''}`;
  }

  prototypePatch(runId: string, index: number): string {
    return `${this.base}/prototypes/${encodeURIComponent(runId)}/${index}/patch.png`;
  }
}
