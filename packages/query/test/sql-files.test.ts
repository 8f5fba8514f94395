// Every .sql file in athena/: views and named queries parse as Athena (Trino) SQL, headers are valid,
// time-filtered queries prune partitions, and the table DDL is exactly what the schema definition generates.
// node-sql-parser (trino dialect) cannot parse Hive DDL (CREATE EXTERNAL TABLE ... SERDE ... TBLPROPERTIES),
// so the DDL is checked structurally against ARCHIVE_COLUMNS and PARTITION_KEYS instead.
import { describe, expect, it } from '@jest/globals';
import { ARCHIVE_COLUMNS, DATA_PREFIX_TEMPLATE, PARTITION_KEYS } from '@event-lake/lake-format';
import nodeSqlParser from 'node-sql-parser';
import { readSqlFiles } from '../src/athena-dir.js';
import { databaseDdl, tableDdl } from '../src/ddl.js';
import { CURATED_COLUMNS, curatedTableDdl, pendingTableDdl } from '../src/curated-schema.js';
import { dedupeRuleOver, dedupeViewSql, expandDedupeLines } from '../src/dedupe-rule.js';
import { loadNamedQueries } from '../src/named-queries.js';
import { bindParams } from '../src/params.js';

const parser = new nodeSqlParser.Parser();
const parseTrino = (sql: string) => parser.astify(sql, { database: 'trino' });
const SAMPLE: Record<string, string> = { string: 'evt_123', integer: '7', date: '2026-01-01', timestamp: '2026-01-01T00:00:00Z' };

describe('the parser', () => {
  it('rejects broken SQL (so a pass below means something)', () => {
    for (const bad of ['SELECT FROM WHERE', 'SELECT a FROM t WHERE', 'SELECT json_extract_scalar(body, 1 FROM t']) {
      expect(() => parseTrino(bad)).toThrow();
    }
  });
});

describe('athena/views', () => {
  it('each file parses as Trino SQL and creates the view named after it in event_lake', async () => {
    const views = await readSqlFiles('views');
    expect(views.map((v) => v.name)).toContain('stripe_events_deduped');
    expect(views.length).toBeGreaterThanOrEqual(8);
    for (const view of views) {
      expect(() => parseTrino(view.text)).not.toThrow();
      expect(view.text).toMatch(new RegExp(`^CREATE OR REPLACE VIEW event_lake\\.${view.name} AS$`, 'm'));
      expect(view.text).toMatch(new RegExp(`^-- name: ${view.name}$`, 'm'));
      expect(view.text).toMatch(/^-- description: \S/m);
    }
  });
});

describe('athena/queries', () => {
  it('each named query has a valid header and parses as Trino SQL, before and after binding', async () => {
    const queries = await loadNamedQueries();
    expect(queries.length).toBe(8);
    for (const q of queries) {
      expect(() => parseTrino(q.sql)).not.toThrow();
      const bound = bindParams(q.sql, q.params, Object.fromEntries(q.params.map((p) => [p.name, SAMPLE[p.type]!])));
      expect(() => parseTrino(bound)).not.toThrow();
      expect(bound).not.toMatch(/(?<!:):[a-z_]+/);
    }
  });

  it('every query with a time window prunes dt and hour, widened by one hour', async () => {
    for (const q of await loadNamedQueries()) {
      if (!q.params.some((p) => p.type === 'timestamp')) continue;
      expect(q.sql).toContain(`dt BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d') AND date_format(:end + INTERVAL '1' HOUR, '%Y-%m-%d')`);
      expect(q.sql).toContain(`concat(dt, ' ', hour) BETWEEN date_format(:start - INTERVAL '1' HOUR, '%Y-%m-%d %H')`);
    }
  });
});

describe('the one dedupe rule', () => {
  it('lives only in the stripe_events_deduped view: no named query ranks or picks deliveries itself', async () => {
    const files = await readSqlFiles('queries');
    const deduping = files.filter((f) => /^\s*-- dedupe: \w+$/m.test(f.text)).map((f) => f.name);
    expect(deduping).toEqual(['failed_payments', 'subscription_mrr_changes']);
    for (const f of files) expect(f.text).not.toMatch(/min_by|max_by|row_number|array_agg|HAVING/i);
  });

  it('expands into the view\'s query over the named relation, and refuses anything but a name', async () => {
    const view = await dedupeViewSql();
    const sql = expandDedupeLines('WITH w AS (SELECT 1),\ne AS (\n  -- dedupe: w\n)\nSELECT * FROM e', view);
    expect(sql).toContain('  FROM w\n');
    expect(sql).not.toMatch(/event_lake\.stripe_events\b(?!_)/);
    expect(sql).toContain(dedupeRuleOver(view, 'w').split('\n').at(-1));
    expect(() => dedupeRuleOver(view, 'w; DROP TABLE x')).toThrow('is not a relation name');
    expect(() => dedupeRuleOver('SELECT 1', 'w')).toThrow('has no "CREATE OR REPLACE VIEW');
  });
});

describe('athena/tables', () => {
  it('the committed DDL files are exactly what generate-ddl writes', async () => {
    const tables = Object.fromEntries((await readSqlFiles('tables')).map((t) => [t.name, t.text]));
    expect(tables['stripe_events']).toBe(tableDdl());
    expect(tables['database']).toBe(databaseDdl());
    expect(tables['stripe_events_curated']).toBe(curatedTableDdl());
    expect(tables['stripe_events_curation_pending']).toBe(pendingTableDdl());
  });

  it('the curated table is Iceberg, partitioned by event_date, with the columns of stripe_events_deduped first', async () => {
    const ddl = curatedTableDdl('s3://bucket/curated');
    expect(ddl).toContain(`'table_type' = 'ICEBERG'`);
    expect(ddl).toContain('PARTITIONED BY (event_date)');
    expect(ddl).toContain(`LOCATION 's3://bucket/curated/stripe_events_curated/'`);
    const view = (await readSqlFiles('views')).find((v) => v.name === 'stripe_events_deduped')!.text;
    const viewColumns = /^SELECT ([\s\S]+?)\nFROM counted/m.exec(view)![1]!.split(',').map((c) => c.trim());
    expect(CURATED_COLUMNS.map((c) => c.name).slice(0, viewColumns.length)).toEqual(viewColumns);
    expect(CURATED_COLUMNS.map((c) => c.name).slice(viewColumns.length)).toEqual(['event_date', 'object_type', 'object_id', 'delivery_ids']);
  });

  it('the table DDL has every schema column, in order, with its Hive type', async () => {
    const ddl = (await readSqlFiles('tables')).find((t) => t.name === 'stripe_events')!.text;
    const body = ddl.slice(ddl.indexOf('stripe_events (') + 'stripe_events ('.length, ddl.indexOf('\n)\nPARTITIONED BY'));
    const columns = [...body.matchAll(/^\s+`([a-z_]+)`\s+(\w+)\s+COMMENT/gm)].map((m) => ({ name: m[1], type: m[2] }));
    expect(columns).toEqual(ARCHIVE_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
  });

  it('partitions, SerDe and date-typed projection follow the partition layout', async () => {
    const ddl = (await readSqlFiles('tables')).find((t) => t.name === 'stripe_events')!.text;
    const partitions = ddl.slice(ddl.indexOf('PARTITIONED BY ('), ddl.indexOf('ROW FORMAT'));
    expect([...partitions.matchAll(/`([a-z]+)` (\w+)/g)].map((m) => [m[1], m[2]])).toEqual(PARTITION_KEYS.map((k) => [k.name, k.glueType]));
    expect(ddl).toContain(`ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'`);
    expect(ddl).toContain(`'projection.enabled' = 'true'`);
    expect(ddl).toContain(`'projection.dt.type' = 'date'`);
    expect(ddl).toContain(`'projection.dt.format' = 'yyyy-MM-dd'`);
    expect(ddl).toContain(`'projection.hour.type' = 'integer'`);
    expect(ddl).toContain(`'projection.hour.range' = '0,23'`);
    expect(ddl).toContain(`'projection.hour.digits' = '2'`);
    // The storage template is the Firehose prefix with ${key} where Firehose has !{timestamp:...}.
    const template = /'storage\.location\.template' = 's3:\/\/LAKE_BUCKET\/([^']+)'/.exec(ddl)?.[1];
    expect(template).toBe(DATA_PREFIX_TEMPLATE.replace('!{timestamp:yyyy-MM-dd}', '${dt}').replace('!{timestamp:HH}', '${hour}'));
  });

  it('a bucket can be substituted for the placeholder', () => {
    expect(tableDdl('my-lake')).toContain(`LOCATION 's3://my-lake/events/'`);
    expect(tableDdl('my-lake')).not.toContain('s3://LAKE_BUCKET');
  });
});
