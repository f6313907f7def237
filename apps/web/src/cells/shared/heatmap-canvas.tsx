'use client';
import { useEffect, useRef } from 'react';
import { heatmapRgba } from '@protoscope/render/colormap';

export interface HeatmapData {
  width: number;
  height: number;
  values: number[];
  min: number;
  max: number;
}

/** A small heatmap drawn pixel by pixel (CSS scales it up), cheaper than one plotly chart per map. */
export function HeatmapCanvas({ heatmap, title }: { heatmap: HeatmapData; title?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    // Scale by the values of this small map; its min/max fields describe the full-resolution map.
    const low = Math.min(...heatmap.values);
    const high = Math.max(...heatmap.values);
    const image = new ImageData(heatmapRgba(heatmap.values, low, high), heatmap.width, heatmap.height);
    context.putImageData(image, 0, 0);
  }, [heatmap]);
  return <canvas ref={ref} width={heatmap.width} height={heatmap.height} title={title} data-testid="heatmap-canvas" />;
}
