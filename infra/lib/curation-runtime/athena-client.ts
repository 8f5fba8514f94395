// The curation function's Athena API, on the query package's one AthenaClient factory: every call gets a
// connect and a whole-request timeout that throw, so a hanging Athena endpoint cannot hold a run until
// Lambda kills it (the next run would then find nothing reported).
import { athenaApiFromClient, createAthenaClient, type AthenaApi, type AthenaClientOptions } from '@event-lake/query';

export function createAthenaApi(options: AthenaClientOptions & { readonly requestTimeoutMs: number }): AthenaApi {
  return athenaApiFromClient(createAthenaClient(options));
}
