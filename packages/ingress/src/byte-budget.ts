// A shared budget of bytes held in memory by request bodies being read. Bytes are reserved as they arrive
// (not from Content-Length), so slow senders hold only what they have sent; when the budget is spent,
// the next chunk's request is answered 503 at once instead of memory growing.
export class ByteBudget {
  #used = 0;
  constructor(
    readonly limit: number,
    private readonly hooks: { onChange?: (used: number) => void; onRefuse?: () => void } = {},
  ) {}

  get used(): number {
    return this.#used;
  }

  tryReserve(bytes: number): boolean {
    if (this.#used + bytes > this.limit) {
      this.hooks.onRefuse?.();
      return false;
    }
    this.#used += bytes;
    this.hooks.onChange?.(this.#used);
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
    this.hooks.onChange?.(this.#used);
  }
}
