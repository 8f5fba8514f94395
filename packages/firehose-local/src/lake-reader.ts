// Reads back what was delivered: every line of every GZIP object under the data prefix, in key order.
// For tests, drills and the local stack; analysts use SQL.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { DATA_ROOT } from '@event-lake/lake-format';

const gunzip = promisify(gunzipCallback);

/** Paths of every delivered object (`<lakeDir>/events/**\/*.gz`), sorted. */
export async function listDeliveredObjects(lakeDir: string): Promise<string[]> {
  const root = join(lakeDir, DATA_ROOT);
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.gz'))
    .map((e) => join(e.parentPath ?? (e as { path?: string }).path ?? root, e.name)) // parentPath: Node >= 20.12
    .sort();
}

/** Every line (without its `\n`) of every delivered object. */
export async function readDeliveredLines(lakeDir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const path of await listDeliveredObjects(lakeDir)) {
    const text = (await gunzip(await readFile(path))).toString('utf8');
    const parts = text.split('\n');
    if (parts.at(-1) === '') parts.pop();
    lines.push(...parts);
  }
  return lines;
}
