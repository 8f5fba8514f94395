// A stand-in for any AWS endpoint that accepts every request, reads it and never answers: what a
// black-holed or stalled service looks like to an SDK client. Tests of the other AWS clients' timeouts
// (Athena, Secrets Manager) point the real SDK at it; for Firehose, firehose-local's `hang` fault does
// the same with the real API behind it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SilentEndpoint {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Requests received so far (none answered). */
  requests(): number;
  /** Drops every held connection, then stops listening. */
  close(): Promise<void>;
}

export async function startSilentEndpoint(): Promise<SilentEndpoint> {
  let received = 0;
  const server = createServer(() => {
    received++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
