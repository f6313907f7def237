'use client';
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { RunLink } from '../../runs/run-link';
import type { RendererProps } from '../module';
import { DataTable } from '../shared/data-table';
import { errorText, Notice } from '../shared/notice';
import { RUN_ROWS, toRunRow } from '../shared/run-rows';
import { automaticColumns, columnLabel } from './columns';
import type { RunsTableSpec } from './cell-spec';
import { visibleRunRows } from './visible-rows';

export function RunsTableRenderer({ spec, onSpecChange }: RendererProps<RunsTableSpec>) {
  const { data, error, loading } = useQuery(RUN_ROWS, {
    variables: { filter: Object.keys(spec.filter).length > 0 ? spec.filter : null, first: spec.limit },
  });
  const rows = useMemo(() => (data?.runs.edges ?? []).map((edge) => toRunRow(edge.node)), [data]);
  const columns = useMemo(() => (spec.columns.length > 0 ? spec.columns : automaticColumns(rows)), [spec.columns, rows]);
  const shown = useMemo(() => visibleRunRows(rows, columns, spec.search, spec.sort), [rows, columns, spec.search, spec.sort]);
  return (
    <div data-testid="renderer-runs-table" data-ready={data || error ? 'true' : undefined}>
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {loading && !data ? <p className="muted">Loading runs…</p> : null}
      {data ? (
        <>
          <div className="editor-row small">
            <input
              type="search"
              placeholder="search, e.g. protopnet metrics.val/auc>0.8"
              defaultValue={spec.search}
              onChange={(event) => onSpecChange({ ...spec, search: event.target.value })}
              aria-label="Search runs"
            />
            <span className="muted">
              {shown.length} of {data.runs.totalCount} runs · {spec.selected.length} selected
            </span>
            {spec.selected.length > 0 ? (
              <button type="button" onClick={() => onSpecChange({ ...spec, selected: [] })}>
                Clear selection
              </button>
            ) : null}
          </div>
          <DataTable
            testId="runs-table"
            columns={columns}
            columnLabel={columnLabel}
            renderCell={(row, column) => (column === 'name' ? <RunLink run={{ id: row.id, name: row.name }} /> : undefined)}
            rows={shown}
            sort={spec.sort}
            onSort={(sort) => onSpecChange({ ...spec, sort })}
            rowKey={(row) => row.id}
            selected={spec.selected}
            onSelect={(selected) => onSpecChange({ ...spec, selected })}
          />
        </>
      ) : null}
    </div>
  );
}
