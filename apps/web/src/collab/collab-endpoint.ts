/**
 * Where a notebook's live document is served: the GraphQL server's own host and port, path
 * `/collab`, over ws(s). The browser's session cookie goes with the upgrade, so no token is needed
 * in the page; scripts pass an API token instead.
 */
export const COLLAB_PATH = '/collab';

export function collabEndpointFor(graphqlEndpoint: string): string {
  const url = new URL(graphqlEndpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = COLLAB_PATH;
  url.search = '';
  url.hash = '';
  return url.toString();
}
