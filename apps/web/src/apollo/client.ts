import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { isUnauthenticated, redirectToLogin, UNAUTHORIZED_CLOSE_CODES } from '../auth/sign-in-redirect';
import { websocketEndpointFor } from './endpoint';

/**
 * Queries and mutations over HTTP, subscriptions over graphql-ws. The websocket is lazy: it opens on
 * the first subscription (a live training chart) and closes when the last one ends. Both carry the
 * browser's session cookie (HTTP with `credentials: 'include'`, since the server is another origin);
 * when the server says nobody is signed in, the browser goes to the login page.
 */
export function createApolloClient(httpEndpoint: string): ApolloClient {
  const http = new HttpLink({ uri: httpEndpoint, credentials: 'include' });
  const signInWhenNeeded = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) redirectToLogin();
  });
  const websocket = createClient({
    url: websocketEndpointFor(httpEndpoint),
    lazy: true,
    retryAttempts: 5,
    shouldRetry: (event) => !UNAUTHORIZED_CLOSE_CODES.includes((event as { code?: number } | null)?.code ?? 0),
    on: {
      closed: (event) => {
        if (UNAUTHORIZED_CLOSE_CODES.includes((event as { code?: number } | null)?.code ?? 0)) redirectToLogin();
      },
    },
  });
  const link =
    typeof window === 'undefined'
      ? http
      : ApolloLink.from([
          signInWhenNeeded,
          ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(websocket), http),
        ]);
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      // Cells are re-ordered as a whole list; let the latest server answer replace the old one.
      typePolicies: { Notebook: { fields: { cells: { merge: false } } } },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
