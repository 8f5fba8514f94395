// An Athena-compatible endpoint with the four operations the query layer calls (StartQueryExecution,
// GetQueryExecution, GetQueryResults, StopQueryExecution; awsJson1_1 over HTTP), so the real
// @aws-sdk/client-athena reaches it. Each query's outcome comes from `answer(sql)`; the stand-in keeps
// every query it was given, in order. `hang` makes it accept requests and never answer (timeout tests).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInAnswer {
  /** Rows of a SELECT, as Athena's text values (null = SQL NULL). */
  readonly rows?: ReadonlyArray<Readonly<Record<string, string | null>>>;
  /** Column names and Athena types; default: the keys of the first row, typed varchar. */
  readonly columns?: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  /** GetQueryResults' UpdateCount (rows a DML statement wrote). */
  readonly updateCount?: number;
  readonly bytesScanned?: number;
  /** The query ends FAILED with this reason. */
  readonly fail?: string;
  /** The query stays RUNNING until StopQueryExecution (then CANCELLED). */
  readonly running?: boolean;
}

export interface StartedQuery {
  readonly sql: string;
  readonly workgroup: string | undefined;
  readonly database: string | undefined;
}

export interface AthenaStandIn {
  readonly url: string;
  readonly queries: readonly StartedQuery[];
  /** Query ids StopQueryExecution was called with. */
  readonly stopped: readonly string[];
  /** While true, every request is read and left unanswered. */
  hang: boolean;
  close(): Promise<void>;
}

const TARGET = 'AmazonAthena.';

export async function startAthenaStandIn(answer: (sql: string) => StandInAnswer): Promise<AthenaStandIn> {
  const queries: StartedQuery[] = [];
  const stopped: string[] = [];
  const outcomes = new Map<string, StandInAnswer>();
  const hanging = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(status >= 400 ? { 'x-amzn-errortype': String((body as { __type?: string }).__type) } : {}) });
    res.end(JSON.stringify(body));
  };
  const execution = (id: string) => {
    const outcome = outcomes.get(id);
    if (!outcome) return undefined;
    const query = queries[Number(id.slice('q-'.length))]!;
    return {
      QueryExecutionId: id,
      Query: query.sql,
      Status: outcome.fail ? { State: 'FAILED', StateChangeReason: outcome.fail }
        : outcome.running ? { State: stopped.includes(id) ? 'CANCELLED' : 'RUNNING' }
          : { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: outcome.bytesScanned ?? 0 },
    };
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith(TARGET) ? target.slice(TARGET.length) : '';
    const notFound = () => send(res, 400, { __type: 'InvalidRequestException', Message: `QueryExecution ${String(body['QueryExecutionId'])} was not found` });
    switch (op) {
      case 'StartQueryExecution': {
        const id = `q-${queries.length}`;
        const context = body['QueryExecutionContext'] as { Database?: string } | undefined;
        const sql = String(body['QueryString']);
        queries.push({ sql, workgroup: body['WorkGroup'] as string | undefined, database: context?.Database });
        outcomes.set(id, answer(sql));
        send(res, 200, { QueryExecutionId: id });
        return;
      }
      case 'GetQueryExecution': {
        const exec = execution(String(body['QueryExecutionId']));
        if (!exec) return notFound();
        send(res, 200, { QueryExecution: exec });
        return;
      }
      case 'GetQueryResults': {
        const outcome = outcomes.get(String(body['QueryExecutionId']));
        if (!outcome) return notFound();
        const rows = outcome.rows ?? [];
        const columns = outcome.columns ?? Object.keys(rows[0] ?? {}).map((name) => ({ name, type: 'varchar' }));
        const cell = (v: string | null | undefined) => (v === null || v === undefined ? {} : { VarCharValue: v });
        send(res, 200, {
          ...(outcome.updateCount !== undefined ? { UpdateCount: outcome.updateCount } : {}),
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c.name, Label: c.name, Type: c.type })) },
            // A SELECT's first row repeats the column labels, as Athena's does.
            Rows: columns.length === 0 ? [] : [
              { Data: columns.map((c) => cell(c.name)) },
              ...rows.map((r) => ({ Data: columns.map((c) => cell(r[c.name])) })),
            ],
          },
        });
        return;
      }
      case 'StopQueryExecution':
        stopped.push(String(body['QueryExecutionId']));
        send(res, 200, {});
        return;
      default:
        send(res, 400, { __type: 'UnknownOperationException', message: `not served here: ${target}` });
    }
  };

  const standIn: AthenaStandIn = {
    url: '',
    queries,
    stopped,
    hang: false,
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (standIn.hang) {
        hanging.add(res);
        return;
      }
      handle(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, { url: `http://127.0.0.1:${port}` });
}
