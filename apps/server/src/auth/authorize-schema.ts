/**
 * Puts the rule of FIELD_RULES in front of every Query, Mutation and Subscription field of an
 * executable schema, so no resolver can be reached without its check. A field with no rule is
 * refused (fail closed). Subscriptions are checked when they start; an open websocket is closed when
 * its credential is revoked (subscriptions/websocket.ts).
 */
import { UnknownCellError, UnknownCommentThreadError, UnknownNotebookVersionError, type Store } from '@protoscope/tracking';
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../graphql/errors';
import type { GraphContext } from '../graphql/context';
import { FIELD_RULES, type FieldRule, type NotebookLocator } from './field-rules';
import type { Caller } from './gatekeeper';
import { accessAtLeast, allows } from './permissions';

export function unauthenticated(): GraphQLError {
  return new GraphQLError('not signed in: send a session cookie or an Authorization: Bearer token (protoscope token create)', {
    extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden } });
}

/** "editor (read token)" — how a refusal names the caller. */
export function describeCaller(caller: Caller): string {
  return caller.credential === 'session' ? `${caller.name} (${caller.role})` : `${caller.name} (${caller.role}, ${caller.credential} token)`;
}

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

export function authorizeSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const root of ROOTS) {
    const type = schema.getType(root);
    if (!type || !('getFields' in type)) continue;
    for (const field of Object.values(type.getFields())) {
      const where = `${root}.${field.name}`;
      const rule = FIELD_RULES[root][field.name] as FieldRule | undefined;
      if (root === 'Subscription') field.subscribe = guarded(field.subscribe ?? defaultFieldResolver, where, rule);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver, where, rule);
    }
  }
  return schema;
}

type Resolver = GraphQLFieldResolver<unknown, GraphContext, Record<string, unknown>>;

function guarded(resolve: Resolver, where: string, rule: FieldRule | undefined): Resolver {
  return async (source, args, ctx, info) => {
    const caller = ctx.caller;
    if (!caller) throw unauthenticated();
    if (!rule) throw forbidden(`${where} has no access rule, so nobody may call it`);
    await enforce(rule, where, caller, args, ctx);
    const result: unknown = await resolve(source, args, ctx, info);
    return rule.kind === 'notebook-list' ? readableNotebooks(result, caller, ctx) : result;
  };
}

async function enforce(rule: FieldRule, where: string, caller: Caller, args: Record<string, unknown>, ctx: GraphContext): Promise<void> {
  if (rule.kind === 'signed-in') return;
  if (rule.kind === 'workspace' || rule.kind === 'notebook-list') {
    const permission = rule.kind === 'workspace' ? rule.permission : 'read';
    if (!allows(caller, permission)) throw forbidden(`${describeCaller(caller)} may not ${PERMISSION_VERB[permission]} (${where})`);
    return;
  }
  const notebookIds = await notebooksOf(rule.locate, args, ctx);
  for (const notebookId of notebookIds) {
    // Something unknown has no notebook: the workspace role decides, and the resolver reports NOT_FOUND.
    const access = notebookId === undefined ? (allows(caller, 'write') ? 'write' : 'read') : await ctx.gatekeeper.notebookAccess(caller, notebookId);
    const permitted = rule.need === 'comment' ? accessAtLeast(access, 'read') && caller.credential !== 'read' : accessAtLeast(access, rule.need);
    if (!permitted) {
      const target = notebookId === undefined ? 'notebooks' : `notebook "${notebookId}"`;
      throw forbidden(`${describeCaller(caller)} may not ${NEED_VERB[rule.need]} ${target} (${where})`);
    }
  }
}

const NEED_VERB = { read: 'read', write: 'change', comment: 'comment on' } as const;
const PERMISSION_VERB = { read: 'read the workspace', write: 'change the workspace', manage: 'manage accounts and shares' } as const;

/** The notebook of each id argument given (undefined for an id the store does not know). */
async function notebooksOf(locate: NotebookLocator, args: Record<string, unknown>, ctx: GraphContext): Promise<Array<string | undefined>> {
  const ids = locate.args.map((name) => args[name]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  return Promise.all(ids.map((id) => LOCATORS[locate.via](ctx.store, String(id))));
}

const LOCATORS: Record<NotebookLocator['via'], (store: Store, id: string) => Promise<string | undefined>> = {
  notebook: async (_store, id) => id,
  cell: (store, id) => known(store.cells.get(id), UnknownCellError),
  thread: (store, id) => known(store.comments.getThread(id), UnknownCommentThreadError),
  version: (store, id) => known(store.versions.get(id), UnknownNotebookVersionError),
};

async function known(lookup: Promise<{ notebookId: string }>, unknown: new (...args: never[]) => Error): Promise<string | undefined> {
  try {
    return (await lookup).notebookId;
  } catch (error) {
    if (error instanceof unknown) return undefined;
    throw error;
  }
}

async function readableNotebooks(result: unknown, caller: Caller, ctx: GraphContext): Promise<unknown> {
  if (!Array.isArray(result)) return result;
  const kept = await Promise.all(
    result.map(async (notebook: { id: string }) => accessAtLeast(await ctx.gatekeeper.notebookAccess(caller, notebook.id), 'read')),
  );
  return result.filter((_, i) => kept[i]);
}
