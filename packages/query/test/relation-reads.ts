// How many times a query reads a relation on Athena. Trino does not share a WITH query between its
// references: it inlines the query at each one (trinodb/trino#18421), so a relation named once in a CTE
// that is referenced twice is read twice. This counts that way over node-sql-parser's Trino AST: each
// FROM/JOIN item naming the relation counts 1, each naming a CTE counts that CTE's reads, and a CTE no
// one references counts nothing.
import nodeSqlParser from 'node-sql-parser';

type Node = { readonly [key: string]: unknown };

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/** Every value below `node`, depth first, not descending into `skip` keys. */
function* descendants(node: unknown, skip: ReadonlySet<string>): Generator<Node> {
  if (Array.isArray(node)) {
    for (const item of node) yield* descendants(item, skip);
  } else if (isNode(node)) {
    yield node;
    for (const [key, value] of Object.entries(node)) if (!skip.has(key)) yield* descendants(value, skip);
  }
}

/** The FROM/JOIN items naming a table or CTE, outside any WITH definitions. */
function namedSources(node: unknown): Array<{ db: string | null; table: string }> {
  const sources: Array<{ db: string | null; table: string }> = [];
  for (const n of descendants(node, new Set(['with']))) {
    if (!Array.isArray(n['from'])) continue;
    for (const item of n['from'] as unknown[]) {
      if (isNode(item) && typeof item['table'] === 'string') {
        sources.push({ db: typeof item['db'] === 'string' ? item['db'] : null, table: item['table'] });
      }
    }
  }
  return sources;
}

/** The WITH definitions anywhere in the query, by name; a name defined twice is refused (scopes are not modelled). */
function withDefinitions(ast: unknown): Map<string, unknown> {
  const ctes = new Map<string, unknown>();
  for (const n of descendants(ast, new Set())) {
    if (!Array.isArray(n['with'])) continue;
    for (const def of n['with'] as unknown[]) {
      const name = isNode(def) && isNode(def['name']) ? def['name']['value'] : undefined;
      const body = isNode(def) && isNode(def['stmt']) ? def['stmt']['ast'] : undefined;
      if (typeof name !== 'string' || body === undefined) throw new Error('unexpected WITH definition shape');
      if (ctes.has(name)) throw new Error(`WITH ${name} is defined twice`);
      ctes.set(name, body);
    }
  }
  return ctes;
}

/** How many times Athena reads `db.table` to run `sql` (Trino SQL). */
export function relationReads(sql: string, db: string, table: string): number {
  const ast = new nodeSqlParser.Parser().astify(sql, { database: 'trino' });
  const ctes = withDefinitions(ast);
  const reads = (node: unknown, seen: readonly string[]): number =>
    namedSources(node).reduce((n, s) => {
      if (s.db === db && s.table === table) return n + 1;
      const cte = s.db === null ? ctes.get(s.table) : undefined;
      if (cte === undefined || seen.includes(s.table)) return n;
      return n + reads(cte, [...seen, s.table]);
    }, 0);
  return reads(ast, []);
}
