/**
 * A server reachable from the network must have accounts: on a loopback address only this machine
 * can call it, but `--host 0.0.0.0` (or any other non-loopback address) opens it to everyone who can
 * reach the port, so it refuses to start until the store has an owner who can sign in.
 */
import * as net from 'node:net';
import type { Store } from '@protoscope/tracking';

export class NetworkWithoutAccountsError extends Error {
  override name = 'NetworkWithoutAccountsError';
  constructor(host: string) {
    super(
      `refusing to listen on ${host}: that address is reachable from the network and the store has no accounts yet, so anyone could ` +
        'use it. Create the owner first (`protoscope user add NAME --role owner --password-stdin`, or `protoscope token create ' +
        '--name N --scope write`), or listen on 127.0.0.1',
    );
  }
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1';
}

export async function assertAccountsForNetwork(host: string, store: Store): Promise<void> {
  if (isLoopback(host)) return;
  if (!(await store.users.firstOwner())) throw new NetworkWithoutAccountsError(host);
}
