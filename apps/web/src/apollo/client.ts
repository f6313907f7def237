import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { websocketEndpointFor } from './endpoint';

/**
 * Queries and mutations over HTTP, subscriptions over graphql-ws. The websocket is lazy: it opens on
 * the first subscription (a live training chart) and closes when the last one ends.
 */
export function createApolloClient(httpEndpoint: string): ApolloClient {
  const http = new HttpLink({ uri: httpEndpoint });
  const link =
    typeof window === 'undefined'
      ? http
      : ApolloLink.split(
          (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
          new GraphQLWsLink(createClient({ url: websocketEndpointFor(httpEndpoint), lazy: true, retryAttempts: 5 })),
          http,
        );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      // Cells are re-ordered as a whole list; let the latest server answer replace the old one.
      typePolicies: { Notebook: { fields: { cells: { merge: false } } } },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
