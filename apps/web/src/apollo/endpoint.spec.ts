import { DEFAULT_GRAPHQL_ENDPOINT, graphqlEndpointFrom, InvalidEndpointError, serverUrl, websocketEndpointFor } from './endpoint';

describe('GraphQL endpoint', () => {
  it('defaults to the local server and reads NEXT_PUBLIC_PROTOSCOPE_GRAPHQL', () => {
    expect(graphqlEndpointFrom({})).toBe('http://127.0.0.1:4000/graphql');
    expect(DEFAULT_GRAPHQL_ENDPOINT).toBe('http://127.0.0.1:4000/graphql');
    expect(graphqlEndpointFrom({ NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: ' https://lab.example:8443/graphql ' })).toBe('https://lab.example:8443/graphql');
  });

  it('refuses a value that is not an http(s) URL, naming the variable', () => {
    expect(() => graphqlEndpointFrom({ NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: 'localhost:4000' })).toThrow(InvalidEndpointError);
    expect(() => graphqlEndpointFrom({ NEXT_PUBLIC_PROTOSCOPE_GRAPHQL: 'ftp://h/graphql' })).toThrow(/NEXT_PUBLIC_PROTOSCOPE_GRAPHQL="ftp:\/\/h\/graphql"/);
  });

  it('derives the websocket address and resolves server-relative URLs', () => {
    expect(websocketEndpointFor('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/graphql');
    expect(websocketEndpointFor('https://lab.example/api/graphql')).toBe('wss://lab.example/api/graphql');
    expect(serverUrl('http://127.0.0.1:4000/graphql', '/images/d/i.png')).toBe('http://127.0.0.1:4000/images/d/i.png');
    expect(serverUrl('http://127.0.0.1:4000/graphql', 'http://cdn/x.png')).toBe('http://cdn/x.png');
  });
});
