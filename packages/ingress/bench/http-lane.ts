// One keep-alive HTTP/1.1 connection of the load generator, sending prebuilt requests one at a time.
// Why not a client library: at 64 connections an undici Pool cost the generator ≈ 0.2–0.3 ms of CPU per
// request, as much as the ingress itself, and on two shared cores that time lengthened every round trip
// the benchmark measures. Writing a prebuilt request and reading back the status line and the body's
// length is all a benchmark of webhook receivers needs (answers carry Content-Length or are chunked).
import { connect, type Socket } from 'node:net';

/** The bytes of a whole request, headers and body, built before the clock starts. */
export function prebuiltRequest(url: URL, headers: Record<string, string>, body: Buffer): Buffer {
  const head = [`POST ${url.pathname} HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, '', ''];
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]);
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

export class HttpLane {
  private socket: Socket | undefined;
  private received: Buffer | undefined;
  private waiting: ((status: number) => void) | undefined;

  constructor(private readonly url: URL) {}

  /** Sends one request and resolves with the answer's status once its whole body is in (0: the connection failed). */
  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.open().write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect(Number(this.url.port), this.url.hostname);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.received = this.received ? Buffer.concat([this.received, chunk]) : chunk;
      this.answerIfComplete();
    });
    const fail = () => {
      this.socket = undefined;
      this.received = undefined;
      this.finish(0);
    };
    socket.on('error', fail);
    socket.on('close', fail);
    this.socket = socket;
    return socket;
  }

  private answerIfComplete(): void {
    const data = this.received;
    if (!data) return;
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = data.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = data.indexOf(CHUNKED_END, headEnd + 2);
      if (last < 0) return;
      end = last + CHUNKED_END.length;
    } else end = headEnd + 4;
    if (data.length < end) return;
    this.received = data.length === end ? undefined : data.subarray(end);
    if (/\r\nconnection: *close/i.test(head)) this.socket?.destroy();
    this.finish(status);
  }

  private finish(status: number): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(status);
  }
}
