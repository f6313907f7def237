'use client';
import type { EditorProps } from '../module';
import { RunsBindingEditor, splitList } from '../shared/runs-binding-editor';
import type { MetricChartSpec } from './cell-spec';

export function MetricChartEditor({ spec, onChange, links }: EditorProps<MetricChartSpec>) {
  return (
    <>
      <RunsBindingEditor label="Runs" links={links} value={spec.runs} onChange={(runs) => onChange({ ...spec, runs })} />
      <div className="editor-row">
        <label>
          metrics{' '}
          <input
            size={40}
            placeholder="every shared key; or e.g. train/loss, val/auc"
            defaultValue={spec.metrics.join(', ')}
            onBlur={(event) => onChange({ ...spec, metrics: splitList(event.target.value) })}
          />
        </label>
        <label>
          <input type="checkbox" checked={spec.groupBySeeds} onChange={(event) => onChange({ ...spec, groupBySeeds: event.target.checked })} /> group
          seeds (mean ± std)
        </label>
        <label>
          <input type="checkbox" checked={spec.logY} onChange={(event) => onChange({ ...spec, logY: event.target.checked })} /> log y
        </label>
      </div>
    </>
  );
}
