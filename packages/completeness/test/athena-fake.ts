// A fake Athena at the query layer's SDK seam (AthenaApi): it answers the audit's presence query from
// an in-memory list of deliveries, honouring the ids of the query's `IN (…)` list, and records every
// StartQueryExecution. It can be told to fail the next query.
import type { AthenaApi } from '@event-lake/query';

export interface FakeDelivery {
  readonly id: string;
  readonly deliveryId: string;
  readonly bodyParts: number;
  /** Distinct parts present. */
  readonly parts: number;
}

export interface AthenaFake {
  readonly api: AthenaApi;
  readonly started: { QueryString: string; WorkGroup: string | undefined; Database: string | undefined; OutputLocation: string | undefined }[];
  failNext: string | undefined;
}

export function createAthenaFake(deliveries: readonly FakeDelivery[]): AthenaFake {
  const results = new Map<string, FakeDelivery[]>();
  const failures = new Map<string, string>();
  const fake: AthenaFake = {
    started: [],
    failNext: undefined,
    api: {
      startQueryExecution: async (input) => {
        const sql = input.QueryString ?? '';
        fake.started.push({
          QueryString: sql, WorkGroup: input.WorkGroup, Database: input.QueryExecutionContext?.Database,
          OutputLocation: input.ResultConfiguration?.OutputLocation,
        });
        const id = `q-${fake.started.length}`;
        const only = /\bid IN \(([^)]*)\)/.exec(sql);
        const wanted = only ? new Set(only[1]!.split(', ').map((s) => s.slice(1, -1))) : undefined;
        results.set(id, deliveries.filter((d) => !wanted || wanted.has(d.id)));
        if (fake.failNext) failures.set(id, fake.failNext);
        fake.failNext = undefined;
        return { QueryExecutionId: id, $metadata: {} };
      },
      getQueryExecution: async (input) => {
        const reason = failures.get(input.QueryExecutionId ?? '');
        return {
          QueryExecution: reason
            ? { Status: { State: 'FAILED', StateChangeReason: reason } }
            : { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 10_485_760 } },
          $metadata: {},
        };
      },
      getQueryResults: async (input) => {
        const rows = results.get(input.QueryExecutionId ?? '') ?? [];
        const cell = (v: string | number) => ({ VarCharValue: String(v) });
        return {
          ResultSet: {
            ResultSetMetadata: {
              ColumnInfo: [
                { Name: 'id', Label: 'id', Type: 'varchar' },
                { Name: 'delivery_id', Label: 'delivery_id', Type: 'varchar' },
                { Name: 'body_parts', Label: 'body_parts', Type: 'integer' },
                { Name: 'parts', Label: 'parts', Type: 'bigint' },
              ],
            },
            Rows: [
              { Data: [cell('id'), cell('delivery_id'), cell('body_parts'), cell('parts')] },
              ...rows.map((d) => ({ Data: [cell(d.id), cell(d.deliveryId), cell(d.bodyParts), cell(d.parts)] })),
            ],
          },
          $metadata: {},
        };
      },
    },
  };
  return fake;
}
