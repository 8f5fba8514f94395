// A fake Athena at the query layer's SDK seam (AthenaApi): it answers the audit's presence query from
// an in-memory list of deliveries (one row per id: complete or not), honouring the ids of the query's `IN (…)` list, and records every
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
        // One row per id, as eventCompletenessSql answers: complete when one delivery has every part.
        const complete = new Map<string, number>();
        for (const d of results.get(input.QueryExecutionId ?? '') ?? []) {
          complete.set(d.id, Math.max(complete.get(d.id) ?? 0, d.parts >= d.bodyParts ? 1 : 0));
        }
        const cell = (v: string | number) => ({ VarCharValue: String(v) });
        return {
          ResultSet: {
            ResultSetMetadata: {
              ColumnInfo: [
                { Name: 'id', Label: 'id', Type: 'varchar' },
                { Name: 'complete', Label: 'complete', Type: 'integer' },
              ],
            },
            Rows: [
              { Data: [cell('id'), cell('complete')] },
              ...[...complete].map(([id, c]) => ({ Data: [cell(id), cell(c)] })),
            ],
          },
          $metadata: {},
        };
      },
    },
  };
  return fake;
}
