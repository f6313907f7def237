/**
 * Subscriptions by polling, woken early by change notifications. Workers are other processes (on
 * other machines, for PostgreSQL); on PostgreSQL the store notifies the server of their writes
 * (LISTEN/NOTIFY, see live-events.ts) and `wake(key)` polls at once, while the timer stays as the
 * backstop for notifications lost when the listening connection drops; on SQLite the timer is all. One poller per key (per run, per
 * job, one for the job list) however many clients subscribe to it: N clients watching one run cost
 * one query per interval, not N. A poller starts with its first subscriber and stops with its last.
 * Polls never overlap (each is scheduled when the previous one is done).
 */

/** What a poller reads from the store. */
export interface PollSource<E> {
  /** Establishes where the poller starts (e.g. the last metric row so far); runs once. */
  start(): Promise<void>;
  /** What happened since the last poll; `finished` ends the poller and its subscriptions after these events. */
  poll(): Promise<{ events: E[]; finished?: boolean }>;
}

interface Subscriber<E> {
  accept: (event: E) => boolean;
  push(event: E): void;
  end(error?: unknown): void;
}

interface Poller<E> {
  source: PollSource<E>;
  ready: Promise<void>;
  subscribers: Set<Subscriber<E>>;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
  /** A poll is under way. */
  polling: boolean;
  /** A wake came during a poll: poll again as soon as it ends. */
  wokenDuringPoll: boolean;
}

export interface SubscribeOptions<E> {
  /** Events sent to this subscriber only, first (its view of the current state). */
  initial?: () => Promise<E[]>;
  /** Only events this returns true for reach this subscriber. */
  accept?: (event: E) => boolean;
}

export class PollerHub {
  readonly intervalMs: number;
  readonly #pollers = new Map<string, Poller<unknown>>();
  #closed = false;

  constructor(intervalMs: number) {
    if (!(intervalMs > 0)) throw new Error(`poll interval must be positive, got ${intervalMs}`);
    this.intervalMs = intervalMs;
  }

  /** How many pollers are running (one per watched key). */
  get activePollers(): number {
    return this.#pollers.size;
  }

  /**
   * An async iterator of the events of the poller at `key` (created with `makeSource` when there is
   * none). Resolves once the poller has started, so events written after that are delivered.
   */
  async subscribe<E>(key: string, makeSource: () => PollSource<E>, options: SubscribeOptions<E> = {}): Promise<AsyncIterableIterator<E>> {
    if (this.#closed) throw new Error('the server is shutting down');
    let poller = this.#pollers.get(key) as Poller<E> | undefined;
    if (!poller) {
      const source = makeSource();
      const created: Poller<E> = {
        source,
        ready: Promise.resolve(),
        subscribers: new Set(),
        timer: undefined,
        stopped: false,
        polling: false,
        wokenDuringPoll: false,
      };
      created.ready = source.start().then(() => this.#schedule(key, created));
      created.ready.catch(() => this.#stop(key, created));
      this.#pollers.set(key, created as Poller<unknown>);
      poller = created;
    }
    await poller.ready;
    const queue = new EventQueue<E>(() => {
      poller.subscribers.delete(subscriber);
      if (poller.subscribers.size === 0) this.#stop(key, poller);
    });
    const subscriber: Subscriber<E> = {
      accept: options.accept ?? (() => true),
      push: (e) => queue.push(e),
      end: (error) => queue.end(error),
    };
    // Initial events go in before the subscriber can receive shared ones, so they come first.
    for (const event of (await options.initial?.()) ?? []) queue.push(event);
    poller.subscribers.add(subscriber);
    return queue;
  }

  /** Polls the poller at `key` now (something it watches changed) instead of at its next interval. */
  wake(key: string): void {
    const poller = this.#pollers.get(key);
    if (!poller || poller.stopped) return;
    if (poller.polling) {
      poller.wokenDuringPoll = true;
      return;
    }
    // No timer yet means the poller is still starting; its first interval poll will see the change.
    if (!poller.timer) return;
    clearTimeout(poller.timer);
    poller.timer = undefined;
    void this.#tick(key, poller);
  }

  /** Polls every poller now (after notifications may have been missed). */
  wakeAll(): void {
    for (const key of [...this.#pollers.keys()]) this.wake(key);
  }

  /** Ends every subscription and stops every poller. */
  close(): void {
    this.#closed = true;
    for (const [key, poller] of this.#pollers) {
      for (const s of poller.subscribers) s.end();
      this.#stop(key, poller);
    }
  }

  #schedule<E>(key: string, poller: Poller<E>): void {
    if (poller.stopped) return;
    const delay = poller.wokenDuringPoll ? 0 : this.intervalMs;
    poller.wokenDuringPoll = false;
    poller.timer = setTimeout(() => void this.#tick(key, poller), delay);
    poller.timer.unref?.();
  }

  async #tick<E>(key: string, poller: Poller<E>): Promise<void> {
    if (poller.stopped) return;
    poller.timer = undefined;
    poller.polling = true;
    try {
      const { events, finished } = await poller.source.poll().finally(() => {
        poller.polling = false;
      });
      for (const event of events) for (const s of poller.subscribers) if (s.accept(event)) s.push(event);
      if (finished) {
        for (const s of [...poller.subscribers]) s.end();
        this.#stop(key, poller);
        return;
      }
    } catch (error) {
      for (const s of [...poller.subscribers]) s.end(error);
      this.#stop(key, poller);
      return;
    }
    this.#schedule(key, poller);
  }

  #stop<E>(key: string, poller: Poller<E>): void {
    poller.stopped = true;
    if (poller.timer) clearTimeout(poller.timer);
    if (this.#pollers.get(key) === poller) this.#pollers.delete(key);
  }
}

/** A push-to-pull queue: the poller pushes, the subscription's iterator pulls. */
class EventQueue<E> implements AsyncIterableIterator<E> {
  readonly #items: E[] = [];
  readonly #waiting: Array<{ resolve: (r: IteratorResult<E>) => void; reject: (e: unknown) => void }> = [];
  #done = false;
  #error: unknown;
  readonly #onClose: () => void;

  constructor(onClose: () => void) {
    this.#onClose = onClose;
  }

  push(item: E): void {
    if (this.#done) return;
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve({ value: item, done: false });
    else this.#items.push(item);
  }

  end(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#onClose();
    for (const w of this.#waiting.splice(0)) {
      if (error !== undefined) w.reject(error);
      else w.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<E>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift()!, done: false });
    if (this.#done) {
      if (this.#error !== undefined) {
        const error = this.#error;
        this.#error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<E>> {
    this.#items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<E>> {
    this.end(error);
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<E> {
    return this;
  }
}
