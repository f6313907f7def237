/**
 * Which `Host` names and `Origin`s the server answers. `Host` must be a name the server is known by
 * (DNS rebinding: a hostile page on evil.example re-pointed at 127.0.0.1 sends `Host: evil.example`);
 * IP literals, localhost and this machine's name are always accepted, because rebinding needs a
 * domain name. `Origin`, when a browser sends one, must be the server's own origin or a configured
 * web origin (the notebook UI), so other pages can neither call the graph nor open its websockets.
 */
import type * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import type { Refusal } from './gatekeeper';

export interface OriginPolicyOptions {
  /** Extra names clients use for this server (e.g. `protoscope.lab.example`). */
  allowedHosts?: readonly string[];
  /** Origins of web apps allowed to call from a browser (e.g. `http://127.0.0.1:3000`). */
  webOrigins?: readonly string[];
}

export class OriginPolicy {
  readonly webOrigins: readonly string[];
  readonly #hosts: Set<string>;

  constructor(options: OriginPolicyOptions = {}) {
    this.webOrigins = (options.webOrigins ?? []).map(normaliseOrigin);
    this.#hosts = new Set(['localhost', os.hostname().toLowerCase(), ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  }

  /** Whether a `Host` header names this server. */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    return net.isIP(name) !== 0 || this.#hosts.has(name) || name.endsWith('.localhost');
  }

  /** Whether a browser page of `origin` may call (same origin as the request's Host, or configured). */
  originAllowed(origin: string, hostHeader: string | undefined): boolean {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (this.webOrigins.includes(parsed.origin)) return true;
    return hostHeader !== undefined && parsed.host.toLowerCase() === hostHeader.toLowerCase();
  }

  /** The refusal of a request or websocket upgrade with a foreign `Host` or `Origin`, or null. */
  check(request: http.IncomingMessage): Refusal | null {
    const host = request.headers.host;
    if (!host) return { status: 400, message: 'the request has no Host header' };
    if (!this.hostAllowed(host)) {
      return { status: 403, message: `Host "${host}" is not a name of this server; add it with --allowed-host if clients use it` };
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null' && !this.originAllowed(origin, host)) {
      return { status: 403, message: `Origin "${origin}" may not call this server; add it with --web-origin if it is your notebook UI` };
    }
    if (origin === 'null') return { status: 403, message: 'Origin "null" (a sandboxed or file page) may not call this server' };
    return null;
  }
}

function normaliseOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new Error(`web origin "${origin}" is not a URL like http://127.0.0.1:3000`);
  }
}

/** The host name of a `Host` header (without port and IPv6 brackets), lower-cased. */
function hostName(header: string): string | undefined {
  try {
    return new URL(`http://${header}`).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}
