import * as os from 'node:os';
import type * as http from 'node:http';
import { safeNext } from './auth-routes';
import { isLoopback } from './network-exposure';
import { OriginPolicy } from './origin-policy';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as http.IncomingMessage;

describe('origin policy', () => {
  const policy = new OriginPolicy({ webOrigins: ['http://127.0.0.1:3000/'], allowedHosts: ['Protoscope.Lab.Example'] });

  it('accepts IP literals, localhost, this machine and configured names as Host; nothing else', () => {
    for (const host of ['127.0.0.1:4000', '10.1.2.3', '[::1]:4000', 'localhost:4000', 'app.localhost', `${os.hostname()}:4000`, 'protoscope.lab.example:443']) {
      expect({ host, ok: policy.hostAllowed(host) }).toEqual({ host, ok: true });
    }
    for (const host of ['evil.example', 'evil.example:4000', '127.0.0.1.nip.io', 'localhost.evil.example', '']) {
      expect({ host, ok: policy.hostAllowed(host) }).toEqual({ host, ok: false });
    }
  });

  it('accepts the same origin and configured web origins (normalised), refuses others and "null"', () => {
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }))).toBeNull();
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:3000' }))).toBeNull();
    expect(policy.check(request({ host: '127.0.0.1:4000' }))).toBeNull();
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:3001' }))?.status).toBe(403);
    // Same host and port under https: the page came through a TLS proxy in front of this server.
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'https://127.0.0.1:4000' }))).toBeNull();
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:40000' }))?.status).toBe(403);
    expect(policy.check(request({ host: '127.0.0.1:4000', origin: 'null' }))?.message).toMatch(/Origin "null"/);
    expect(policy.check(request({}))).toEqual({ status: 400, message: 'the request has no Host header' });
    expect(() => new OriginPolicy({ webOrigins: ['not a url'] })).toThrow('web origin "not a url" is not a URL like http://127.0.0.1:3000');
  });

  it('redirects after a login link only to paths here or to web origins', () => {
    expect(safeNext('/notebooks/a', policy)).toBe('/notebooks/a');
    expect(safeNext('http://127.0.0.1:3000/notebooks/a', policy)).toBe('http://127.0.0.1:3000/notebooks/a');
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', undefined]) {
      expect(safeNext(next, policy)).toBe('http://127.0.0.1:3000');
    }
  });

  it('tells loopback addresses from network ones', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.org'].map(isLoopback)).toEqual([false, false, false, false]);
  });
});
