/**
 * Listening for store changes (PostgreSQL LISTEN on the channel the triggers of migration 0007 notify).
 * One dedicated connection, outside the query pool. When it drops (a restart, a network cut,
 * `pg_terminate_backend`) the listener reports `disconnected` and reconnects with backoff; readers
 * must keep polling as the backstop, and catch up when it reports `listening` again, since
 * notifications sent while it was away are lost.
 */
import pg from 'pg';
import type { PostgresStoreLocation } from './url';

/** The channel migration 0007's triggers notify on (the migration keeps its own frozen copy). */
const CHANGE_CHANNEL = 'protoscope_changes';

/** A run changed (or got metric points), or a job changed. */
export interface StoreChange {
  kind: 'run' | 'job';
  id: string;
}

export type ChangeListenerState = 'listening' | 'disconnected' | 'closed';

export interface ChangeListenerOptions {
  onChange(change: StoreChange): void;
  /** Called on every transition; `listening` after a reconnect means changes may have been missed. */
  onState?(state: ChangeListenerState): void;
  /** First reconnect delay, doubled up to `maxReconnectMs` (defaults 100 ms, 2 s). */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

/** The `application_name` of the listening connection (visible in pg_stat_activity). */
export function listenerApplicationName(schema: string): string {
  return `protoscope-listener:${schema}`.slice(0, 63);
}

export class ChangeListener {
  readonly #location: PostgresStoreLocation;
  readonly #options: ChangeListenerOptions;
  #client: pg.Client | undefined;
  #state: ChangeListenerState = 'disconnected';
  #retryTimer: NodeJS.Timeout | undefined;
  #delay: number;
  /** How many times the connection was established (1 after the first start). */
  connections = 0;

  constructor(location: PostgresStoreLocation, options: ChangeListenerOptions) {
    this.#location = location;
    this.#options = options;
    this.#delay = options.reconnectMs ?? 100;
  }

  get state(): ChangeListenerState {
    return this.#state;
  }

  /** Connects and listens; when the server does not answer, keeps retrying in the background. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#setState('closed');
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#location.connectionString,
      application_name: listenerApplicationName(this.#location.schema),
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = undefined;
      void client.end().catch(() => undefined);
      if (this.#state === 'closed') return;
      this.#setState('disconnected');
      this.#scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      const change = parsePayload(message.payload, this.#location.schema);
      if (change) this.#options.onChange(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (this.#state === 'closed') {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.connections++;
    this.#delay = this.#options.reconnectMs ?? 100;
    this.#setState('listening');
  }

  #scheduleReconnect(): void {
    if (this.#retryTimer || this.#state === 'closed') return;
    const delay = this.#delay;
    this.#delay = Math.min(delay * 2, this.#options.maxReconnectMs ?? 2_000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, delay);
    this.#retryTimer.unref?.();
  }

  #setState(state: ChangeListenerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }
}

/** `<schema>/run/<id>` or `<schema>/job/<id>` of this store's schema, else undefined. */
function parsePayload(payload: string, schema: string): StoreChange | undefined {
  const [from, kind, ...rest] = payload.split('/');
  if (from !== schema || (kind !== 'run' && kind !== 'job') || rest.length === 0) return undefined;
  return { kind, id: rest.join('/') };
}
