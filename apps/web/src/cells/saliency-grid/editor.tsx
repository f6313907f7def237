'use client';
import type { EditorProps } from '../module';
import { ColormapSelect, ExplainerInput } from '../shared/map-controls';
import { RunsBindingEditor, splitList } from '../shared/runs-binding-editor';
import type { SaliencyGridSpec } from './cell-spec';

export function SaliencyGridEditor({ spec, onChange, links }: EditorProps<SaliencyGridSpec>) {
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <ExplainerInput label="methods" size={30} placeholder="all; or e.g. gradcam, occlusion" value={spec.methods} onChange={(methods) => onChange({ ...spec, methods })} />
        <label>
          images{' '}
          <input size={30} placeholder="the first ones with maps" defaultValue={spec.imageIds.join(', ')} onBlur={(event) => onChange({ ...spec, imageIds: splitList(event.target.value) })} />
        </label>
        <label>
          at most{' '}
          <input
            type="number"
            min={1}
            max={32}
            value={spec.maxImages}
            onChange={(event) => onChange({ ...spec, maxImages: Math.min(32, Math.max(1, Math.trunc(Number(event.target.value)) || 1)) })}
          />{' '}
          images
        </label>
        <ColormapSelect value={spec.colormap} onChange={(colormap) => onChange({ ...spec, colormap })} />
      </div>
    </>
  );
}
