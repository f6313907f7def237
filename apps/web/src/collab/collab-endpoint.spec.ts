import { collabEndpointFor } from './collab-endpoint';

describe('collab endpoint', () => {
  it('is the GraphQL server host and port with path /collab over ws(s)', () => {
    expect(collabEndpointFor('http://127.0.0.1:4000/graphql')).toBe('ws://127.0.0.1:4000/collab');
    expect(collabEndpointFor('https://lab.example:8443/api/graphql?x=1#y')).toBe('wss://lab.example:8443/collab');
  });
});
