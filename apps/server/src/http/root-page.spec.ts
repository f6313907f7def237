/** `GET /` answers a newcomer with where the notebook UI and the graph are, not "Cannot GET /". */
import * as http from 'node:http';
import { startTemporaryServer, type TemporaryServer } from '../testing/temporary-server';
import { rootPageHtml } from './root-page';

describe('GET /', () => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await startTemporaryServer({ webOrigins: ['http://127.0.0.1:3000'] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers any caller with a page linking the notebook UI and the GraphQL endpoint', async () => {
    const answer = await fetch(`${server.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await answer.text();
    expect(html).toContain('<a href="http://127.0.0.1:3000">http://127.0.0.1:3000</a>');
    expect(html).toContain('<a href="/graphql">/graphql</a>');
    expect(html).toContain('protoscope user login-url');
  });

  it('still checks the Host header', async () => {
    // fetch may not set Host; a raw request can (as a DNS-rebinding page's browser would send it).
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.get(`${server.url}/`, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('says how to get the notebook UI when the server runs without it', () => {
    const html = rootPageHtml({ webOrigins: [], graphqlPath: '/graphql' });
    expect(html).toContain('runs without the notebook UI; <code>protoscope start</code> serves both');
    expect(html).not.toContain('<a href="http');
  });
});
