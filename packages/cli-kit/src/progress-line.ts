// A status line on stderr while something takes more than a moment. On a terminal it is rewritten in
// place; otherwise (CI logs, pipes) a line is printed at most every few seconds, plus the final state.

export interface TextSink {
  write(text: string): unknown;
}

export interface ProgressLine {
  /** Shows `text` now or soon (throttled). */
  update(text: string): void;
  /** Shows `text` (or the last update) as a finished line. */
  done(text?: string): void;
}

export interface ProgressOptions {
  readonly isTTY: boolean;
  readonly now?: () => number;
  /** Minimum time between two printed updates. */
  readonly intervalMs?: number;
}

export function createProgressLine(sink: TextSink, options: ProgressOptions): ProgressLine {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? (options.isTTY ? 100 : 5_000);
  let last = '';
  let lastPrinted = '';
  let printedAt = Number.NEGATIVE_INFINITY;
  let open = false;

  const print = (text: string, final: boolean) => {
    if (options.isTTY) {
      sink.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      open = !final;
    } else if (text !== lastPrinted) {
      sink.write(`${text}\n`);
    }
    lastPrinted = text;
    printedAt = now();
  };

  return {
    update(text) {
      last = text;
      if (now() - printedAt >= interval) print(text, false);
    },
    done(text) {
      const final = text ?? last;
      if (final) print(final, true);
      else if (open) sink.write('\n');
      open = false;
      last = '';
    },
  };
}
