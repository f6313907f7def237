'use client';
import { useQuery } from '@apollo/client/react';
import { parse, type DocumentNode } from 'graphql';
import { useMemo, useState } from 'react';
import { sortRows, type SortOrder } from '../../table/sort-filter';
import type { RendererProps } from '../module';
import { DataTable } from '../shared/data-table';
import { errorText, Notice } from '../shared/notice';
import type { GraphqlSpec } from './cell-spec';
import { tabulate } from './tabulate';

type Prepared = { document: DocumentNode; variables: Record<string, unknown> } | { problem: string };

function prepare(spec: GraphqlSpec): Prepared {
  let document: DocumentNode;
  try {
    document = parse(spec.query);
  } catch (error) {
    return { problem: `The query does not parse: ${errorText(error)}` };
  }
  try {
    const variables: unknown = JSON.parse(spec.variables.trim() || '{}');
    if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
      return { problem: 'Variables must be a JSON object, e.g. {"first": 5}' };
    }
    return { document, variables: variables as Record<string, unknown> };
  } catch (error) {
    return { problem: `The variables are not JSON: ${errorText(error)}` };
  }
}

export function GraphqlRenderer({ spec }: RendererProps<GraphqlSpec>) {
  const prepared = useMemo(() => prepare(spec), [spec]);
  return (
    <div data-testid="renderer-graphql">
      {'problem' in prepared ? <Notice tone="error">{prepared.problem}</Notice> : <QueryResult {...prepared} view={spec.view} />}
    </div>
  );
}

function QueryResult({ document, variables, view }: { document: DocumentNode; variables: Record<string, unknown>; view: GraphqlSpec['view'] }) {
  const { data, error, loading } = useQuery(document, { variables, fetchPolicy: 'network-only' });
  const [sort, setSort] = useState<SortOrder | null>(null);
  if (error) return <Notice tone="error">{errorText(error)}</Notice>;
  if (loading && !data) return <p className="muted">Running…</p>;
  const table = view === 'table' ? tabulate(data) : null;
  if (view === 'json' || !table) {
    return <pre className="json" data-testid="graphql-json">{JSON.stringify(data, null, 2)}</pre>;
  }
  return (
    <>
      <p className="muted small">
        {table.rows.length} rows from <code>{table.path || 'the result'}</code>
      </p>
      <DataTable testId="graphql-table" columns={table.columns} rows={sortRows(table.rows, sort)} sort={sort} onSort={setSort} />
    </>
  );
}
