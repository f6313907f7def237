/**
 * Puts the rule of FIELD_RULES in front of every Query, Mutation and Subscription field of an
 * executable schema, so no resolver can be reached without its check. A field with no rule is
 * refused (fail closed). Subscriptions are checked when they start; an open websocket is closed when
 * its credential is revoked (subscriptions/websocket.ts).
 */
import { UnknownCellError } from '@protoscope/tracking';
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../graphql/errors';
import type { GraphContext } from '../graphql/context';
import { FIELD_RULES, type FieldRule } from './field-rules';
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
  const notebookId = await notebookOf(rule, args, ctx);
  // An unknown cell has no notebook: the workspace role decides, and the resolver reports NOT_FOUND.
  const permitted =
    notebookId === undefined
      ? allows(caller, rule.access)
      : accessAtLeast(await ctx.gatekeeper.notebookAccess(caller, notebookId), rule.access);
  if (!permitted) {
    const target = notebookId === undefined ? 'notebooks' : `notebook "${notebookId}"`;
    throw forbidden(`${describeCaller(caller)} may not ${rule.access === 'read' ? 'read' : 'change'} ${target} (${where})`);
  }
}

const PERMISSION_VERB = { read: 'read the workspace', write: 'change the workspace', manage: 'manage accounts and shares' } as const;

async function notebookOf(rule: Extract<FieldRule, { kind: 'notebook' }>, args: Record<string, unknown>, ctx: GraphContext): Promise<string | undefined> {
  if (rule.notebookArg !== undefined) return String(args[rule.notebookArg]);
  try {
    return (await ctx.store.getCell(String(args[rule.cellArg ?? 'id']))).notebookId;
  } catch (error) {
    if (error instanceof UnknownCellError) return undefined;
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
