'use client';
import { COLORMAPS, type ColormapName } from '@protoscope/render/colormap';
import { splitList } from './runs-binding-editor';

/** The colour map a saliency overlay is drawn with (the server's `colormap` of SaliencyMap.url). */
export function ColormapSelect({ value, onChange }: { value: ColormapName; onChange(next: ColormapName): void }) {
  return (
    <label>
      colour map{' '}
      <select value={value} onChange={(event) => onChange(event.target.value as ColormapName)}>
        {COLORMAPS.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface ExplainerInputProps {
  label: string;
  /** The explainer ids chosen (protoscope explain --explainer values). */
  value: readonly string[];
  placeholder: string;
  size: number;
  /** Called on blur with the ids typed, comma-separated; empty when nothing is typed. */
  onChange(next: string[]): void;
}

/** Which explainers' maps a cell shows, typed as comma-separated ids. */
export function ExplainerInput({ label, value, placeholder, size, onChange }: ExplainerInputProps) {
  return (
    <label>
      {label}{' '}
      <input size={size} placeholder={placeholder} defaultValue={value.join(', ')} onBlur={(event) => onChange(splitList(event.target.value))} />
    </label>
  );
}
