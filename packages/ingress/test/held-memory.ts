// Measures what the ingress really holds while deliveries wait for Firehose: heap plus Buffer memory
// after a full garbage collection, against the bytes the writer's budget counts. Shared by the memory
// test and `bench/memory-held.ts`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use plus ArrayBuffer (Buffer) memory after collecting everything collectable, in bytes. */
export function liveBytes(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
