'use client';
import { ApolloProvider } from '@apollo/client/react';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { createApolloClient } from './client';

const EndpointContext = createContext<string>('');

/** The GraphQL endpoint, for building URLs of the server's binary routes (images, heatmaps). */
export function useGraphqlEndpoint(): string {
  return useContext(EndpointContext);
}

export function GraphqlProvider({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  const [client] = useState(() => createApolloClient(endpoint));
  return (
    <EndpointContext.Provider value={endpoint}>
      <ApolloProvider client={client}>{children}</ApolloProvider>
    </EndpointContext.Provider>
  );
}
