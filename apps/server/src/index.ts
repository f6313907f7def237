/** The Protoscope server: `startServer` (GraphQL, subscriptions, binary endpoints). See docs/graph.md. */
export { startServer, GRAPHQL_PATH, DEFAULT_POLL_INTERVAL_MS, type StartServerOptions, type RunningServer } from './server';
export { DEFAULT_LIMITS, type QueryLimits } from './graphql/limits';
export { ErrorCode } from './graphql/errors';
export { NetworkWithoutAccountsError, isLoopback } from './auth/network-exposure';
export { SESSION_COOKIE } from './auth/session-cookie';
export { startTemporaryServer, type TemporaryServer, type SignedInClient } from './testing/temporary-server';
export { queryData, subscribe, type LiveSubscription } from './testing/server-fixtures';
export { COLLAB_PATH, DEFAULT_COLLAB_OPTIONS, type CollabOptions } from './collab/collab-server';
export { openCollabClient, waitFor, type CollabClient } from './testing/collab-client';
