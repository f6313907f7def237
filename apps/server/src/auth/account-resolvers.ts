/** The graph's view of accounts: `me`, a notebook's `access` for the caller, and notebook shares. */
import type { ShareAccess } from '@protoscope/tracking';
import type { GraphContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { unauthenticated } from './authorize-schema';
import type { Caller } from './gatekeeper';

function callerOf(ctx: GraphContext): Caller {
  if (!ctx.caller) throw unauthenticated();
  return ctx.caller;
}

/** The graph's enum value of a store value; typed so the store's list and the schema's enum must agree. */
function upper<S extends string>(value: S): Uppercase<S> {
  return value.toUpperCase() as Uppercase<S>;
}

function lower<S extends string>(value: S): Lowercase<S> {
  return value.toLowerCase() as Lowercase<S>;
}

export const accountResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, ctx) => {
      const caller = callerOf(ctx);
      return { id: caller.userId, name: caller.name, role: upper(caller.role), credential: upper(caller.credential) };
    },
  },
  Notebook: {
    access: async (notebook, _args, ctx) => upper(await ctx.gatekeeper.notebookAccess(callerOf(ctx), notebook.id)),
  },
  Mutation: {
    shareNotebook: async (_parent, args, ctx) => {
      const user = await ctx.store.users.get(args.user);
      const access: ShareAccess = lower(args.access);
      const share = await ctx.store.shares.grant(args.notebookId, user.id, access);
      return { notebookId: share.notebookId, user: user.name, access: upper(share.access) };
    },
    unshareNotebook: async (_parent, args, ctx) => {
      const user = await ctx.store.users.get(args.user);
      await ctx.store.shares.revoke(args.notebookId, user.id);
      return true;
    },
  },
};
