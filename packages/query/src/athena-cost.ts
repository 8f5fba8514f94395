// Athena's price: $5 per TB scanned, each query rounded up to the next MB with a 10 MB minimum.

export const USD_PER_TB = 5;
const MB = 1024 * 1024;
const TB = 1024 ** 4;
export const MIN_BILLED_BYTES = 10 * MB;

/** Bytes Athena bills for a query that scanned `bytesScanned` bytes. */
export function billedBytes(bytesScanned: number): number {
  return Math.max(MIN_BILLED_BYTES, Math.ceil(bytesScanned / MB) * MB);
}

/** Cost in USD of one query. */
export function athenaCostUsd(bytesScanned: number): number {
  return (billedBytes(bytesScanned) / TB) * USD_PER_TB;
}

/** "1.2 GB" style, for status lines. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
