/**
 * Subscriptions (and queries, for clients that send everything over one socket) on the `/graphql`
 * websocket, speaking the graphql-ws protocol. The same query bounds and limits as HTTP apply, and
 * errors carry the same codes.
 *
 * Who is calling is settled when the connection opens: the upgrade's `Origin` and `Host` are checked,
 * then the session cookie or `Authorization: Bearer` header of the upgrade, or a `token` (or
 * `authorization: "Bearer …"`) in the connection_init payload, identifies the caller; without one
 * the socket closes with 4401. Every operation runs with that caller under the field rules, and the
 * credential is checked again before each operation and every `revalidateMs`: a revoked token or
 * ended session closes its open sockets (4403).
 */
import { GraphQLError, execute, subscribe, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Caller } from '../auth/gatekeeper';
import { createContext, type ServerServices } from '../graphql/context';
import { parseBounded, type DocumentBounds } from '../graphql/document-bounds';
import { formatGraphError } from '../graphql/format-error';
import { checkQueryLimits, type QueryLimits } from '../graphql/limits';

// graphql-ws publishes its ws adapter only through package "exports", which this workspace's
// TypeScript resolution (moduleResolution "node") does not read; the types come from the file itself.
const { useServer } = require('graphql-ws/use/ws') as typeof import('graphql-ws/dist/use/ws');

export interface SubscriptionServer {
  /** Takes the upgrades of the `/graphql` path (http/upgrade-dispatcher.ts hands them over). */
  readonly wsServer: WebSocketServer;
  close(): Promise<void>;
}

export interface SubscriptionServerOptions {
  limits: QueryLimits;
  bounds: DocumentBounds;
  /** How often open sockets re-check their caller's credential. */
  revalidateMs: number;
}

/** Close codes of the graphql-ws protocol used here. */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

export function startSubscriptionServer(
  schema: GraphQLSchema,
  services: ServerServices,
  options: SubscriptionServerOptions,
): SubscriptionServer {
  // A graphql-ws message is one operation: the same 1 MB as an HTTP body (ws would take 100 MB).
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const callers = new Map<WebSocket, Caller>();
  const { gatekeeper } = services;

  const disposable = useServer(
    {
      schema,
      execute,
      subscribe,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const refusal = gatekeeper.checkOrigin(request);
        if (refusal) {
          socket.close(CLOSE_FORBIDDEN, refusal.message.slice(0, 120));
          return false;
        }
        const caller = (await gatekeeper.identify(request)) ?? (await callerOfParams(ctx.connectionParams));
        if (!caller) {
          socket.close(CLOSE_UNAUTHORIZED, 'not signed in: send a session cookie, a Bearer header or a token');
          return false;
        }
        callers.set(socket, caller);
        return true;
      },
      onClose: (ctx) => {
        callers.delete(ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callers.get(ctx.extra.socket);
        if (!caller || !(await gatekeeper.stillValid(caller))) {
          ctx.extra.socket.close(CLOSE_FORBIDDEN, 'the credential of this connection was revoked');
          return [new GraphQLError('the credential of this connection was revoked', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        let document;
        try {
          document = parseBounded(payload.query, options.bounds);
        } catch (error) {
          return [error as GraphQLError];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
        const limited = checkQueryLimits(schema, document, payload.variables ?? undefined, payload.operationName, options.limits);
        if (limited.length > 0) return limited;
        const args: ExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: createContext(services, caller),
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatGraphError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatGraphError(e.toJSON(), e)),
    },
    wsServer,
  );

  async function callerOfParams(params: Readonly<Record<string, unknown>> | undefined): Promise<Caller | null> {
    const token = typeof params?.token === 'string' ? params.token : typeof params?.authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(params.authorization)?.[1] : undefined;
    return token ? gatekeeper.identifyToken(token) : null;
  }

  // Revocation reaches open sockets: each credential is checked once per round.
  let checking = false;
  const revalidate = setInterval(() => {
    if (checking || callers.size === 0) return;
    checking = true;
    void (async () => {
      const verdicts = new Map<string, Promise<boolean>>();
      for (const [socket, caller] of callers) {
        const key = `${caller.credentialId}/${caller.role}`;
        if (!verdicts.has(key)) verdicts.set(key, gatekeeper.stillValid(caller).catch(() => true));
        if (!(await verdicts.get(key))) {
          callers.delete(socket);
          socket.close(CLOSE_FORBIDDEN, 'the credential of this connection was revoked');
        }
      }
    })().finally(() => {
      checking = false;
    });
  }, options.revalidateMs);
  revalidate.unref();

  return {
    wsServer,
    async close() {
      clearInterval(revalidate);
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
