/**
 * Plotly traces of one metric: a line per run, or per seed group a band (lower edge, upper edge
 * filled down to it) under its mean line. Pure, so the band geometry is testable without a browser.
 */
import type { Data } from 'plotly.js-dist-min';
import { meanStdBand, type SeriesPoint } from '../../charts/bands';

export const PALETTE = ['#2f6fdb', '#e4572e', '#17a398', '#f3a712', '#8e44ad', '#5d6d7e', '#c0392b', '#27ae60'];

export interface AlignedMetric {
  key: string;
  steps: number[];
  series: { runId: string; values: (number | null)[] }[];
}

/** One run's points of an aligned metric, skipping the steps it has no finite value at. */
export function pointsOf(metric: AlignedMetric, runId: string): SeriesPoint[] {
  const series = metric.series.find((candidate) => candidate.runId === runId);
  if (!series) return [];
  const points: SeriesPoint[] = [];
  series.values.forEach((value, i) => {
    if (value !== null && Number.isFinite(value)) points.push({ step: metric.steps[i]!, value });
  });
  return points;
}

export function runTraces(metric: AlignedMetric, runNames: ReadonlyMap<string, string>): Data[] {
  return metric.series.map((series, i) => {
    const points = pointsOf(metric, series.runId);
    return {
      type: 'scatter',
      mode: 'lines',
      name: runNames.get(series.runId) ?? series.runId,
      x: points.map((point) => point.step),
      y: points.map((point) => point.value),
      line: { color: PALETTE[i % PALETTE.length] },
    };
  });
}

export interface RunGroup {
  label: string;
  runIds: readonly string[];
}

export function bandTraces(metric: AlignedMetric, groups: readonly RunGroup[]): Data[] {
  return groups.flatMap((group, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const band = meanStdBand(group.runIds.map((runId) => pointsOf(metric, runId)));
    const steps = band.map((point) => point.step);
    const name = `${group.label} (n=${group.runIds.length})`;
    return [
      { type: 'scatter', mode: 'lines', x: steps, y: band.map((p) => p.lower), line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: name },
      {
        type: 'scatter',
        mode: 'lines',
        x: steps,
        y: band.map((p) => p.upper),
        line: { width: 0, color },
        fill: 'tonexty',
        fillcolor: withAlpha(color, 0.2),
        hoverinfo: 'skip',
        showlegend: false,
        legendgroup: name,
      },
      { type: 'scatter', mode: 'lines', name, x: steps, y: band.map((p) => p.mean), line: { color }, legendgroup: name },
    ] satisfies Data[];
  });
}

export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** "lr=0.01, method=protopnet" from a group key object. */
export function groupLabel(key: unknown): string {
  if (key === null || typeof key !== 'object') return String(key);
  const entries = Object.entries(key as Record<string, unknown>);
  if (entries.length === 0) return 'all runs';
  return entries.map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
}
