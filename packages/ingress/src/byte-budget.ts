// A shared budget of bytes held in memory by request bodies. Bytes are reserved as they arrive (not from
// Content-Length), so senders hold only what they have sent; a body's bytes are released once its request
// is answered.
//
// A body cannot be verified before its last byte (the signature covers it), so an unsigned upload that
// stalls just short of its end would hold its bytes for the whole request timeout, and a few dozen of them
// would leave nothing for Stripe. So when a chunk does not fit, bodies that are stalled (nothing received
// for `stallMs`) or have been arriving for longer than `evictAfterMs` are cut, oldest first, until it does.
// When it still does not fit, the chunk's request waits, at most `stallMs`, for room: bodies that stop
// sending meanwhile are cut for it, and bodies that finish give their bytes back. Only a request that finds
// the budget still full of bodies really arriving after that wait, or the waiting room full, is refused
// (503). What one body holds is bounded by the body limit, which the configuration keeps at most half the
// budget; the chunks of waiting requests are bounded by the waiting room (a quarter of the budget). When the
// waiting room is full, a chunk that completes its body (a delivery that is all here: once admitted it is
// verified and gives its bytes back at once) takes the place of waiting chunks of bodies still incomplete,
// oldest first, which are refused: their senders would keep holding bytes.

export interface BudgetOptions {
  /** How long a body may take to arrive before it can be cut to make room for others. */
  readonly evictAfterMs: number;
  /** A body that has received nothing for this long is stalled: cut when others need room (default evictAfterMs / 4). */
  readonly stallMs?: number;
  /** Bytes of chunks waiting for room, at most (default a quarter of the limit). */
  readonly waitingLimit?: number;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
  readonly onChange?: (used: number) => void;
  /** A chunk was refused: the budget stayed full of bodies really arriving, or the waiting room was full. */
  readonly onRefuse?: () => void;
}

/** What became of a chunk: held now, waiting for room (the callback says later), or refused. */
export type Reservation = 'held' | 'waiting' | 'refused';

/** One request body's share of the budget. */
export interface BodyHold {
  /**
   * Reserves bytes for this body, cutting stalled or overdue bodies if needed. 'waiting': `decided` is
   * called once, within stallMs, with whether the bytes are now held (not called if the hold is released first).
   */
  reserve(bytes: number, decided: (held: boolean) => void, completesBody?: boolean): Reservation;
  /** The body has arrived in full: it keeps its bytes but can no longer be cut. */
  arrived(): void;
  /** Returns every byte this body holds, and gives up waiting (idempotent). */
  release(): void;
}

export class ByteBudget {
  #used = 0;
  /** Bodies still arriving, in start order (a Set iterates in insertion order): oldest first. */
  readonly #arriving = new Set<Hold>();
  /** Chunks waiting for room, first come first served. */
  readonly #waiters = new Set<Hold>();
  #waitingBytes = 0;
  #serving = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #now: () => number;
  readonly #stallMs: number;
  readonly #waitingLimit: number;

  constructor(
    readonly limit: number,
    private readonly options: BudgetOptions,
  ) {
    this.#now = options.now ?? (() => performance.now());
    this.#stallMs = options.stallMs ?? options.evictAfterMs / 4;
    this.#waitingLimit = options.waitingLimit ?? Math.floor(limit / 4);
  }

  get used(): number {
    return this.#used;
  }

  /** Bytes of chunks waiting for room (not counted in `used`). */
  get waiting(): number {
    return this.#waitingBytes;
  }

  /** Starts a body; `evict` must end its reading and call release() (synchronously) when it is cut. */
  hold(evict: () => void): BodyHold {
    const hold = new Hold(this, this.#now(), evict);
    this.#arriving.add(hold);
    return hold;
  }

  // The methods below are the budget's side of Hold; nothing else calls them.

  now(): number {
    return this.#now();
  }

  /** Whether `bytes` more fit, after cutting stalled or overdue bodies (oldest first) if needed. */
  fits(bytes: number, requester: Hold): boolean {
    if (this.#used + bytes <= this.limit) return true;
    const now = this.#now();
    const startedBefore = now - this.options.evictAfterMs;
    const silentSince = now - this.#stallMs;
    for (const body of this.#arriving) {
      if (body === requester || body.waitingFor !== undefined) continue; // a waiting body is held up by us, not stalled
      if (body.startedAt > startedBefore && body.lastByteAt > silentSince) continue; // young and still sending
      this.#arriving.delete(body);
      body.evict(); // answered 408 body_timeout, counted with the other requests by code
      if (this.#used + bytes <= this.limit) return true;
    }
    return false;
  }

  /** Queues a chunk that did not fit, if the waiting room has space for it (made by refusing incomplete bodies' chunks for a complete one). */
  wait(hold: Hold, bytes: number): boolean {
    if (hold.completesBody) {
      for (const other of this.#waiters) {
        if (this.#waitingBytes + bytes <= this.#waitingLimit) break;
        if (!other.completesBody) other.refuse();
      }
    }
    if (this.#waitingBytes + bytes > this.#waitingLimit) return false;
    this.#waitingBytes += bytes;
    this.#waiters.add(hold);
    this.#schedule();
    return true;
  }

  refused(): void {
    this.options.onRefuse?.();
  }

  arrived(hold: Hold): void {
    this.#arriving.delete(hold);
  }

  /** The hold stops waiting (admitted, refused or released). */
  unwait(hold: Hold, bytes: number): void {
    if (!this.#waiters.delete(hold)) return;
    this.#waitingBytes -= bytes;
  }

  change(delta: number): void {
    this.#used = Math.max(0, this.#used + delta);
    this.options.onChange?.(this.#used);
    if (delta < 0 && this.#waiters.size > 0) this.#serve();
  }

  /** Admits waiting chunks that fit (cutting for them), refuses those whose wait is over. */
  #serve(): void {
    if (this.#serving) return; // a cut or release inside the loop below: the loop sees its effect
    this.#serving = true;
    try {
      for (const hold of this.#waiters) {
        const bytes = hold.waitingFor!;
        if (this.fits(bytes, hold)) hold.admit();
        else if (this.#now() >= hold.waitUntil) hold.refuse();
        else break; // first come, first served: later chunks wait behind this one
      }
    } finally {
      this.#serving = false;
    }
    this.#schedule();
  }

  /** One timer for the next moment something can change: a body turns stalled or overdue, or a wait ends. */
  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const first = this.#waiters.values().next().value;
    if (first === undefined) return;
    let at = first.waitUntil;
    for (const body of this.#arriving) {
      if (body.waitingFor !== undefined) continue;
      at = Math.min(at, body.startedAt + this.options.evictAfterMs, body.lastByteAt + this.#stallMs);
    }
    // +1: timers may fire within a millisecond of `at` by the monotonic clock; a second pass is harmless.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#serve();
    }, Math.max(0, Math.ceil(at - this.#now())) + 1);
    this.#timer.unref();
  }

  get stallMs(): number {
    return this.#stallMs;
  }
}

/** A class rather than closures: one small object per request on the hot path. */
class Hold implements BodyHold {
  #held = 0;
  lastByteAt: number;
  /** Bytes of the chunk waiting for room, if any. */
  waitingFor: number | undefined;
  waitUntil = 0;
  /** The waiting chunk is the body's last. */
  completesBody = false;
  #decided: ((held: boolean) => void) | undefined;

  constructor(
    private readonly budget: ByteBudget,
    readonly startedAt: number,
    readonly evict: () => void,
  ) {
    this.lastByteAt = startedAt;
  }

  reserve(bytes: number, decided: (held: boolean) => void, completesBody = false): Reservation {
    if (this.budget.fits(bytes, this)) {
      this.#take(bytes);
      return 'held';
    }
    this.waitingFor = bytes;
    this.completesBody = completesBody;
    this.waitUntil = this.budget.now() + this.budget.stallMs;
    this.#decided = decided;
    if (this.budget.wait(this, bytes)) return 'waiting';
    this.#stopWaiting();
    this.budget.refused();
    return 'refused';
  }

  admit(): void {
    const bytes = this.waitingFor!;
    const decided = this.#stopWaiting();
    this.#take(bytes);
    decided?.(true);
  }

  refuse(): void {
    const decided = this.#stopWaiting();
    this.budget.refused();
    decided?.(false);
  }

  arrived(): void {
    this.budget.arrived(this);
  }

  release = (): void => {
    this.#stopWaiting();
    this.budget.arrived(this);
    if (this.#held === 0) return;
    const held = this.#held;
    this.#held = 0;
    this.budget.change(-held);
  };

  #take(bytes: number): void {
    this.#held += bytes;
    this.lastByteAt = this.budget.now();
    this.budget.change(bytes);
  }

  #stopWaiting(): ((held: boolean) => void) | undefined {
    const decided = this.#decided;
    if (this.waitingFor !== undefined) this.budget.unwait(this, this.waitingFor);
    this.waitingFor = undefined;
    this.#decided = undefined;
    return decided;
  }
}
