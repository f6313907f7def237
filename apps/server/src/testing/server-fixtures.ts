/**
 * Test support: `describeEachServer` runs a suite against a server on a real SQLite store and, when
 * PROTOSCOPE_TEST_POSTGRES_URL is set, on a real PostgreSQL store (its own schema, dropped after);
 * without the variable the PostgreSQL suite is registered as skipped with the reason in its title.
 * Plus `graphql()` over HTTP fetch and `subscribe()` over a real graphql-ws websocket.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { OpenStoreOptions } from '@protoscope/tracking';
import type { CollabOptions } from '../collab/collab-server';
import { temporaryPostgresSchema } from './postgres-schema';
import { startTemporaryServer, type TemporaryServer } from './temporary-server';

export const POSTGRES_URL_VARIABLE = 'PROTOSCOPE_TEST_POSTGRES_URL';

export interface ServerFactory {
  dialect: 'sqlite' | 'postgres';
  skipReason?: string;
  start(options?: {
    storeOptions?: OpenStoreOptions;
    pollIntervalMs?: number;
    limits?: { maxDepth?: number; maxCost?: number };
    collab?: CollabOptions;
    webOrigins?: string[];
    revalidateMs?: number;
    /** The job queue (`redis://…` for BullMQ); default embedded. */
    queue?: string;
  }): Promise<TemporaryServer>;
}

function postgresUrl(): string | undefined {
  const url = process.env[POSTGRES_URL_VARIABLE]?.trim();
  return url ? url : undefined;
}

const sqliteServers: ServerFactory = { dialect: 'sqlite', start: (options) => startTemporaryServer(options) };

function postgresServers(base: string | undefined): ServerFactory {
  return {
    dialect: 'postgres',
    skipReason: base === undefined ? `${POSTGRES_URL_VARIABLE} is not set (tools/ci/start-postgres.sh prints one)` : undefined,
    async start(options) {
      if (base === undefined) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
      const schema = temporaryPostgresSchema(base, 'test_server');
      const server = await startTemporaryServer({ ...options, storeUrl: schema.url });
      return {
        ...server,
        async close() {
          await server.close();
          await schema.drop();
        },
      };
    },
  };
}

export function describeEachServer(title: string, body: (factory: ServerFactory) => void): void {
  const factories = [sqliteServers, postgresServers(postgresUrl())];
  const available = factories.filter((f) => f.skipReason === undefined);
  if (available.length > 0) describe.each(available)(`${title} [$dialect]`, body);
  for (const f of factories.filter((x) => x.skipReason !== undefined)) describe.skip(`${title} [${f.dialect}] SKIPPED: ${f.skipReason}`, () => body(f));
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: Array<string | number> }>;
}

/** Where to send a request, and the bearer token to send (none: an anonymous caller). */
export interface GraphTarget {
  graphqlUrl: string;
  token?: string;
}

/** A GraphQL request over HTTP, as a script would make it (with `Authorization: Bearer` when the target has a token). */
export async function graphql<T = Record<string, unknown>>(server: GraphTarget, query: string, variables?: Record<string, unknown>): Promise<GraphResponse<T>> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(server.token ? { authorization: `Bearer ${server.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphResponse['errors'] };
  return { status: response.status, ...body };
}

/** Data of a query that must succeed (the errors are in the failure message when it does not). */
export async function queryData<T = Record<string, unknown>>(server: GraphTarget, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await graphql<T>(server, query, variables);
  if (result.errors || !result.data) throw new Error(`query failed (${result.status}): ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A live subscription: its events so far, a wait for the n-th, and whether it completed. */
export interface LiveSubscription<T> {
  events: T[];
  errors: unknown[];
  completed: Promise<void>;
  /** Resolves once at least `count` events have arrived (rejects on an error or when it completes first). */
  waitFor(count: number): Promise<T[]>;
  close(): Promise<void>;
}

/** A subscription over graphql-ws, sending the target's token in the connection_init payload. */
export function subscribe<T = Record<string, unknown>>(
  server: { subscriptionsUrl: string; token?: string },
  query: string,
  variables?: Record<string, unknown>,
): LiveSubscription<T> {
  const client: Client = createClient({
    url: server.subscriptionsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: server.token ? { token: server.token } : undefined,
  });
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ count: number; resolve: (e: T[]) => void; reject: (e: unknown) => void }> = [];
  let done = false;
  const settle = () => {
    for (const w of [...waiters]) {
      if (events.length >= w.count) w.resolve(events.slice());
      else if (errors.length > 0 || done) w.reject(errors[0] ?? new Error(`subscription completed after ${events.length} events, ${w.count} awaited`));
      else continue;
      waiters.splice(waiters.indexOf(w), 1);
    }
  };
  const completed = new Promise<void>((resolve) => {
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors.push(value.errors);
          else if (value.data) events.push(value.data as T);
          settle();
        },
        error: (error) => {
          errors.push(error);
          done = true;
          settle();
          resolve();
        },
        complete: () => {
          done = true;
          settle();
          resolve();
        },
      },
    );
  });
  return {
    events,
    errors,
    completed,
    waitFor: (count) =>
      new Promise<T[]>((resolve, reject) => {
        waiters.push({ count, resolve, reject });
        settle();
      }),
    close: () => client.dispose() as Promise<void>,
  };
}
