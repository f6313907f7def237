/**
 * Axes of a parallel-coordinates plot. Numeric values are plotted as they are; any other value
 * (strings, booleans, objects) becomes a category: its index in the sorted distinct texts, with the
 * texts as tick labels. A run without the key gets NaN, which plotly leaves off the axis.
 */
import { canonicalJson } from '../../charts/bands';

export interface Dimension {
  label: string;
  values: number[];
  tickvals?: number[];
  ticktext?: string[];
}

export function dimensionOf(label: string, raw: readonly unknown[]): Dimension {
  const present = raw.filter((value) => value !== undefined && value !== null);
  if (present.every((value) => typeof value === 'number')) {
    return { label, values: raw.map((value) => (typeof value === 'number' ? value : Number.NaN)) };
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : canonicalJson(value));
  const categories = [...new Set(present.map(text))].sort();
  return {
    label,
    values: raw.map((value) => (value === undefined || value === null ? Number.NaN : categories.indexOf(text(value)))),
    tickvals: categories.map((_, i) => i),
    ticktext: categories,
  };
}
