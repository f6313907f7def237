'use client';
import { useState } from 'react';
import type { EditorProps } from '../module';
import { splitList } from '../shared/runs-binding-editor';
import { runsTableSpecSchema, type RunsTableSpec } from './cell-spec';

export function RunsTableEditor({ spec, onChange }: EditorProps<RunsTableSpec>) {
  const [filterText, setFilterText] = useState(() => JSON.stringify(spec.filter, null, 2));
  const [filterError, setFilterError] = useState<string | null>(null);
  return (
    <>
      <label className="muted small">
        server filter (a RunFilter as JSON, e.g. {'{"method": {"eq": "protopnet"}, "metrics": [{"key": "val/auc", "gte": 0.8}]}'})
      </label>
      <textarea
        className="code-input"
        rows={4}
        value={filterText}
        spellCheck={false}
        onChange={(event) => setFilterText(event.target.value)}
        onBlur={() => {
          try {
            const parsed = runsTableSpecSchema.shape.filter.safeParse(JSON.parse(filterText.trim() || '{}'));
            if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'the filter must be a JSON object');
            setFilterError(null);
            onChange({ ...spec, filter: parsed.data });
          } catch (error) {
            setFilterError(error instanceof Error ? error.message : String(error));
          }
        }}
      />
      {filterError ? <div className="notice notice-error">{filterError}</div> : null}
      <div className="editor-row">
        <label>
          columns{' '}
          <input
            size={48}
            placeholder="automatic; or e.g. name, params.lr, metrics.val/auc"
            defaultValue={spec.columns.join(', ')}
            onBlur={(event) => onChange({ ...spec, columns: splitList(event.target.value) })}
          />
        </label>
        <label>
          at most{' '}
          <input
            type="number"
            min={1}
            max={500}
            value={spec.limit}
            onChange={(event) => onChange({ ...spec, limit: Math.min(500, Math.max(1, Number(event.target.value) || 1)) })}
          />{' '}
          runs
        </label>
      </div>
    </>
  );
}
