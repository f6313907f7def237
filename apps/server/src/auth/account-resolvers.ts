/** The graph's view of accounts: `me`, a notebook's `access` for the caller, and notebook shares. */
import type { Notebook, ShareAccess } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import { unauthenticated } from './authorize-schema';
import type { Caller } from './gatekeeper';

function callerOf(ctx: GraphContext): Caller {
  if (!ctx.caller) throw unauthenticated();
  return ctx.caller;
}

export const accountResolvers = {
  Query: {
    me: (_: unknown, _args: unknown, ctx: GraphContext) => {
      const caller = callerOf(ctx);
      return { id: caller.userId, name: caller.name, role: caller.role.toUpperCase(), credential: caller.credential.toUpperCase() };
    },
  },
  Notebook: {
    access: async (notebook: Notebook, _args: unknown, ctx: GraphContext) =>
      (await ctx.gatekeeper.notebookAccess(callerOf(ctx), notebook.id)).toUpperCase(),
  },
  Mutation: {
    shareNotebook: async (_: unknown, args: { notebookId: string; user: string; access: string }, ctx: GraphContext) => {
      const user = await ctx.store.users.get(args.user);
      const share = await ctx.store.shares.grant(args.notebookId, user.id, args.access.toLowerCase() as ShareAccess);
      return { notebookId: share.notebookId, user: user.name, access: share.access.toUpperCase() };
    },
    unshareNotebook: async (_: unknown, args: { notebookId: string; user: string }, ctx: GraphContext) => {
      const user = await ctx.store.users.get(args.user);
      await ctx.store.shares.revoke(args.notebookId, user.id);
      return true;
    },
  },
};
