/** Notebook, Cell and Job fields. */
import type { Cell, Job, Notebook } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';

export const notebookJobResolvers = {
  Notebook: {
    cells: (n: Notebook, _: unknown, ctx: GraphContext) => ctx.loaders.cells.load(n.id),
  },
  Cell: {
    notebook: (c: Cell, _: unknown, ctx: GraphContext) => ctx.loaders.notebook.load(c.notebookId),
  },
  Job: {
    run: (j: Job, _: unknown, ctx: GraphContext) => (j.runId ? ctx.loaders.run.load(j.runId) : null),
  },
};
