/**
 * Slows down password guessing: after `freeAttempts` wrong passwords for one name from one address,
 * that pair must wait before trying again — 1 s, doubling with each further failure, at most 15
 * minutes. A right password clears the count. Counts live in memory (a restart forgets them; the
 * scrypt cost still bounds the guessing rate).
 */
export interface LoginThrottleOptions {
  freeAttempts?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

interface Failures {
  count: number;
  /** Epoch ms before which this pair may not try. */
  blockedUntil: number;
}

export class LoginThrottle {
  readonly #failures = new Map<string, Failures>();
  readonly #free: number;
  readonly #first: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.#free = options.freeAttempts ?? 5;
    this.#first = options.firstDelayMs ?? 1000;
    this.#max = options.maxDelayMs ?? 15 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds this pair must still wait (0: it may try now). */
  waitMs(address: string, name: string): number {
    const entry = this.#failures.get(key(address, name));
    return entry ? Math.max(0, entry.blockedUntil - this.#now()) : 0;
  }

  failed(address: string, name: string): void {
    const k = key(address, name);
    const entry = this.#failures.get(k) ?? { count: 0, blockedUntil: 0 };
    entry.count++;
    const over = entry.count - this.#free;
    entry.blockedUntil = over > 0 ? this.#now() + Math.min(this.#max, this.#first * 2 ** (over - 1)) : 0;
    this.#failures.set(k, entry);
    if (this.#failures.size > 10_000) this.#forgetOldest();
  }

  succeeded(address: string, name: string): void {
    this.#failures.delete(key(address, name));
  }

  /** Bounds memory under a flood of names: drops the oldest entries (Map keeps insertion order). */
  #forgetOldest(): void {
    for (const k of [...this.#failures.keys()].slice(0, 1000)) this.#failures.delete(k);
  }
}

function key(address: string, name: string): string {
  return `${address}\u0000${name}`;
}
