/**
 * The GraphQL server (with the live notebook documents on `/collab`) for the browser tests, on a
 * given store and a free port, in the test's own process. Browsers call it from the web app's
 * origin, so that origin must be allowed (CORS and the websocket `Origin` check).
 */
import { startServer } from '@protoscope/server';

export interface GraphServer {
  url: string;
  graphqlUrl: string;
  /** The live notebook documents (Hocuspocus), same host and port. */
  collabUrl: string;
  stop(): Promise<void>;
}

export async function startGraphServer(storeUrl: string, options: { webOrigin: string }): Promise<GraphServer> {
  const server = await startServer({ storeUrl, port: 0, host: '127.0.0.1', webOrigins: [options.webOrigin] });
  return { url: server.url, graphqlUrl: server.graphqlUrl, collabUrl: server.collabUrl, stop: () => server.close() };
}
