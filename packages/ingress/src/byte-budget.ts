// A shared budget of bytes held in memory by request bodies. Bytes are reserved as they arrive (not from
// Content-Length), so senders hold only what they have sent; a body's bytes are released once its request
// is answered.
//
// A body cannot be verified before its last byte (the signature covers it), so an unsigned upload that
// stalls just short of its end would hold its bytes for the whole request timeout, and a few dozen of them
// would leave nothing for Stripe. So when a chunk does not fit, bodies that have been arriving for longer
// than `evictAfterMs` are cut, oldest first, until it does: a slow or stalled body keeps its bytes only
// while nobody else needs them. Only when every body still arriving is younger than that is the chunk's
// request refused (503 at once). What one body can hold is bounded by the body limit, which the
// configuration keeps at most half the budget.

export interface BudgetOptions {
  /** How long a body may take to arrive before it can be cut to make room for others. */
  readonly evictAfterMs: number;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
  readonly onChange?: (used: number) => void;
  /** A chunk was refused: the budget is full of bodies younger than evictAfterMs. */
  readonly onRefuse?: () => void;
}

/** One request body's share of the budget. */
export interface BodyHold {
  /** Reserves bytes for this body, cutting older bodies if needed; false when they still do not fit. */
  reserve(bytes: number): boolean;
  /** The body has arrived in full: it keeps its bytes but can no longer be cut. */
  arrived(): void;
  /** Returns every byte this body holds (idempotent). */
  release(): void;
}

export class ByteBudget {
  #used = 0;
  /** Bodies still arriving, in start order (a Set iterates in insertion order): oldest first. */
  readonly #arriving = new Set<Hold>();
  readonly #now: () => number;

  constructor(
    readonly limit: number,
    private readonly options: BudgetOptions,
  ) {
    this.#now = options.now ?? (() => performance.now());
  }

  get used(): number {
    return this.#used;
  }

  /** Starts a body; `evict` must end its reading and call release() (synchronously) when it is cut. */
  hold(evict: () => void): BodyHold {
    const hold = new Hold(this, this.#now(), evict);
    this.#arriving.add(hold);
    return hold;
  }

  // The four methods below are the budget's side of Hold; nothing else calls them.

  /** Whether `bytes` more fit, after cutting bodies older than the grace if needed. */
  fits(bytes: number, requester: Hold): boolean {
    if (this.#used + bytes <= this.limit) return true;
    const cutBefore = this.#now() - this.options.evictAfterMs;
    for (const body of this.#arriving) {
      if (body.startedAt > cutBefore) break; // this one and every later one are still young
      if (body === requester) continue;
      this.#arriving.delete(body);
      body.evict(); // answered 408 body_timeout, counted with the other requests by code
      if (this.#used + bytes <= this.limit) return true;
    }
    return false;
  }

  refused(): void {
    this.options.onRefuse?.();
  }

  arrived(hold: Hold): void {
    this.#arriving.delete(hold);
  }

  change(delta: number): void {
    this.#used = Math.max(0, this.#used + delta);
    this.options.onChange?.(this.#used);
  }
}

/** A class rather than closures: one small object per request on the hot path. */
class Hold implements BodyHold {
  #held = 0;
  constructor(
    private readonly budget: ByteBudget,
    readonly startedAt: number,
    readonly evict: () => void,
  ) {}

  reserve(bytes: number): boolean {
    if (!this.budget.fits(bytes, this)) {
      this.budget.refused();
      return false;
    }
    this.#held += bytes;
    this.budget.change(bytes);
    return true;
  }

  arrived(): void {
    this.budget.arrived(this);
  }

  release = (): void => {
    this.budget.arrived(this);
    if (this.#held === 0) return;
    this.budget.change(-this.#held);
    this.#held = 0;
  };
}
