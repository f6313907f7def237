/** Notebook, Cell and Job fields. */
import type { Cell, Job, Notebook } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { requiredEdge } from './required-edge';

export const notebookJobResolvers: Resolvers = {
  Notebook: {
    cells: (n: Notebook, _: unknown, ctx: GraphContext) => ctx.loaders.cells.load(n.id),
  },
  Cell: {
    notebook: (c: Cell, _: unknown, ctx: GraphContext) => requiredEdge(ctx.loaders.notebook.load(c.notebookId), `cell ${c.id}: its notebook ${c.notebookId} is gone`),
  },
  Job: {
    run: async (j: Job, _: unknown, ctx: GraphContext) => (j.runId ? ((await ctx.loaders.run.load(j.runId)) ?? null) : null),
  },
};
