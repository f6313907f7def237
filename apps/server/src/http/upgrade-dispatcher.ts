/**
 * The one `upgrade` handler of the HTTP server: a websocket upgrade goes to the `ws` server of its
 * path (`/graphql`: graphql-ws; `/collab`: the live notebook documents) after the `Host` and `Origin`
 * checks every door makes; any other path, or a refused origin, gets a plain HTTP answer and the
 * socket is closed. (A `ws` server attached to the HTTP server answers 400 to every path but its
 * own, so each one is a `noServer` server handed its upgrades here.)
 */
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Gatekeeper } from '../auth/gatekeeper';

export interface UpgradeDispatcher {
  /** Stops taking upgrades (the `ws` servers and their sockets are closed by their owners). */
  close(): void;
}

export function dispatchUpgrades(httpServer: http.Server, routes: Record<string, WebSocketServer>, gatekeeper: Gatekeeper): UpgradeDispatcher {
  const servers = new Map(Object.entries(routes));
  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(request);
    const wss = path === undefined ? undefined : servers.get(path);
    if (!wss) {
      refuse(socket, 404, `no websocket at ${path ?? 'this address'}; use ${[...servers.keys()].join(' or ')}`);
      return;
    }
    const refusal = gatekeeper.checkOrigin(request);
    if (refusal) {
      refuse(socket, refusal.status, refusal.message);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);
  return {
    close() {
      httpServer.off('upgrade', onUpgrade);
    },
  };
}

function pathOf(request: http.IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
