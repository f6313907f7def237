/**
 * Where the GraphQL server is. Read on the server at request time (not inlined at build time) so one
 * build of the web app can point at any server: `NEXT_PUBLIC_PROTOSCOPE_GRAPHQL` when set, else the
 * server's default address.
 */
export const DEFAULT_GRAPHQL_ENDPOINT = 'http://127.0.0.1:4000/graphql';
export const GRAPHQL_ENDPOINT_ENV = 'NEXT_PUBLIC_PROTOSCOPE_GRAPHQL';

export class InvalidEndpointError extends Error {
  constructor(value: string) {
    super(`${GRAPHQL_ENDPOINT_ENV}="${value}" is not an http(s) URL; set it like http://127.0.0.1:4000/graphql`);
    this.name = 'InvalidEndpointError';
  }
}

export function graphqlEndpointFrom(env: Record<string, string | undefined>): string {
  const value = env[GRAPHQL_ENDPOINT_ENV]?.trim();
  if (!value) return DEFAULT_GRAPHQL_ENDPOINT;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidEndpointError(value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidEndpointError(value);
  return url.toString();
}

/** The graphql-ws address of the same server: same host and path, ws(s) instead of http(s). */
export function websocketEndpointFor(httpEndpoint: string): string {
  const url = new URL(httpEndpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Binary data comes as server-relative URLs (`/heatmaps/…`); resolve them against the server's origin. */
export function serverUrl(httpEndpoint: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, httpEndpoint).toString();
}
