'use client';
import { useMemo, useState } from 'react';
import type { CellModule, NotebookLinks } from '../cells/module';
import { CellErrorBoundary } from '../notebook/cell-error-boundary';

/** A run page has no other cells to bind to: nothing to pick, and no cell labels to show. */
const NO_NOTEBOOK: NotebookLinks = { sourcesFor: () => [], labelOf: () => 'this page' };

/**
 * A notebook cell's renderer showing one run: the page reuses the cells' charts, galleries and grids
 * instead of drawing its own. The spec is the cell's own (its schema fills the defaults) with the run
 * as the literal `runs` input; what the viewer changes in it (opacity, …) stays on the page.
 */
export function RunCell<Spec>({ module, runId, spec }: { module: CellModule<Spec>; runId: string; spec: Partial<Spec> }) {
  const initial = useMemo(() => module.schema.parse({ ...spec, runs: { runIds: [runId] } }) as Spec, [module, spec, runId]);
  const [current, setCurrent] = useState<Spec>(initial);
  const inputs = useMemo(() => ({ runs: { kind: 'runIds' as const, values: [runId] } }), [runId]);
  const { Renderer } = module;
  return (
    <div className="cell" data-run-cell={module.type}>
      <div className="cell-output">
        <CellErrorBoundary>
          <Renderer cellId={`run-${runId}-${module.type}`} spec={current} inputs={inputs} links={NO_NOTEBOOK} onSpecChange={setCurrent} />
        </CellErrorBoundary>
      </div>
    </div>
  );
}
