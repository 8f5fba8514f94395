// Where the SQL lives: the repository's athena/ folder (tables, views, named queries).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ATHENA_DIR = fileURLToPath(new URL('../../../athena/', import.meta.url));

export interface SqlFile {
  /** File name without `.sql`, e.g. `stripe_events_deduped`. */
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** Every `.sql` file of one athena/ sub-folder, sorted by name. */
export async function readSqlFiles(folder: 'tables' | 'views' | 'queries', athenaDir = ATHENA_DIR): Promise<SqlFile[]> {
  const dir = path.join(athenaDir, folder);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (n) => {
      const p = path.join(dir, n);
      return { name: n.slice(0, -'.sql'.length), path: p, text: await readFile(p, 'utf8') };
    }),
  );
}
