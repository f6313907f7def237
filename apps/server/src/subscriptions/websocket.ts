/**
 * Subscriptions (and queries, for clients that send everything over one socket) on the `/graphql`
 * websocket, speaking the graphql-ws protocol. The same query limits as HTTP apply, and errors carry
 * the same codes.
 */
import type * as http from 'node:http';
import { GraphQLError, execute, parse, subscribe, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { createContext, type ServerServices } from '../graphql/context';
import { formatGraphError } from '../graphql/format-error';
import { checkQueryLimits, type QueryLimits } from '../graphql/limits';

// graphql-ws publishes its ws adapter only through package "exports", which this workspace's
// TypeScript resolution (moduleResolution "node") does not read; the types come from the file itself.
const { useServer } = require('graphql-ws/use/ws') as typeof import('graphql-ws/dist/use/ws');

export interface SubscriptionServer {
  close(): Promise<void>;
}

export function startSubscriptionServer(
  httpServer: http.Server,
  path: string,
  schema: GraphQLSchema,
  services: ServerServices,
  limits: QueryLimits,
): SubscriptionServer {
  const wsServer = new WebSocketServer({ server: httpServer, path });
  const disposable = useServer(
    {
      schema,
      execute,
      subscribe,
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
        const limited = checkQueryLimits(schema, document, payload.variables ?? undefined, payload.operationName, limits);
        if (limited.length > 0) return limited;
        const args: ExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: createContext(services),
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatGraphError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatGraphError(e.toJSON(), e)),
    },
    wsServer,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
