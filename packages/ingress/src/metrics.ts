// Prometheus metrics on an injected registry (never the global one, so tests and in-process stacks
// do not collide). The writer reports through its observer hooks; the app counts requests.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WriterObserver } from '@event-lake/firehose-writer';
import { SIGNATURE_FAILURES } from '@event-lake/lake-format';

export interface IngressMetrics {
  requests: Counter<'outcome' | 'code'>;
  /** Counts one webhook request: its outcome and error code (`none` when stored). */
  countRequest(outcome: RequestOutcome, code: string): void;
  verificationFailures: Counter<'reason'>;
  firehoseCallSeconds: Histogram<'result'>;
  recordsPerCall: Histogram;
  eventsPerCall: Histogram;
  billedUnits: Counter;
  retries: Counter<'reason'>;
  inFlightBytes: Gauge<'stage'>;
  /** Notes the bytes now held at a stage; the gauge reads the latest value when scraped. */
  recordInFlightBytes(stage: InFlightStage, bytes: number): void;
  shed: Counter<'stage'>;
  writerObserver: WriterObserver;
}

export type InFlightStage = 'body' | 'firehose';
export type RequestOutcome = 'stored' | 'rejected' | 'unavailable' | 'error';

export function createIngressMetrics(registry: Registry): IngressMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) =>
    new Histogram<L>({ name, help, buckets, labelNames, registers });
  const requests = counter(
    'ingress_webhook_requests_total',
    'Webhook requests by outcome (stored, rejected, unavailable, error) and error code (none when stored).',
    ['outcome', 'code'],
  );
  const verificationFailures = counter('ingress_signature_verification_failures_total', 'Stripe-Signature verification failures by reason.', ['reason']);
  // One labelled child per outcome and code, looked up by a string key: inc({ … }) would hash the label
  // object on every request.
  const requestCounters = new Map<string, { inc(): void }>();
  const countRequest = (outcome: RequestOutcome, code: string) => {
    const key = `${outcome} ${code}`;
    let child = requestCounters.get(key);
    if (!child) requestCounters.set(key, child = requests.labels({ outcome, code }));
    child.inc();
  };
  for (const reason of SIGNATURE_FAILURES) verificationFailures.inc({ reason }, 0);
  const firehoseCallSeconds = histogram(
    'ingress_firehose_call_duration_seconds',
    'PutRecordBatch call latency by result (ok, partial, error).',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    ['result'],
  );
  const recordsPerCall = histogram('ingress_firehose_records_per_call', 'Records sent per PutRecordBatch call.', [1, 2, 4, 8, 16, 32, 64, 128, 256, 500]);
  const eventsPerCall = histogram(
    'ingress_firehose_events_per_call',
    'Distinct writes (events) with lines in one PutRecordBatch call.',
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
  );
  const billedUnits = counter('ingress_firehose_billed_units_total', 'Firehose billed 5 KB units sent (records rounded up to 5 KB), retries included.');
  const retries = counter('ingress_firehose_record_retries_total', 'Records scheduled for resending, by Firehose error code or call error name.', ['reason']);
  // The byte counts change several times per request (each body chunk, each write and acknowledgement);
  // setting a labelled gauge hashes its labels every time, so the latest counts are kept here and copied
  // into the gauge only when it is scraped.
  const inFlightNow: Record<InFlightStage, number> = { body: 0, firehose: 0 };
  const inFlightBytes = new Gauge({
    name: 'ingress_in_flight_bytes',
    help: 'Bytes held in memory: request bodies being read (stage=body) and lines not yet acknowledged by Firehose (stage=firehose).',
    labelNames: ['stage'] as const,
    registers,
    collect() {
      this.set({ stage: 'body' }, inFlightNow.body);
      this.set({ stage: 'firehose' }, inFlightNow.firehose);
    },
  });
  const recordInFlightBytes = (stage: InFlightStage, bytes: number) => {
    inFlightNow[stage] = bytes;
  };
  const shed = counter(
    'ingress_shed_requests_total',
    'Requests answered 503 overloaded because in-flight bytes were at their bound: request bodies being read (stage=body; after waiting up to a quarter of INGRESS_BODY_GRACE_MS for room, or at once when the waiting room was full) or lines waiting for Firehose (stage=firehose; at once).',
    ['stage'],
  );

  const writerObserver: WriterObserver = {
    call(report) {
      const result = report.error ? 'error' : report.failedRecords > 0 ? 'partial' : 'ok';
      firehoseCallSeconds.observe({ result }, report.durationMs / 1000);
      recordsPerCall.observe(report.records);
      eventsPerCall.observe(report.writes);
      billedUnits.inc(report.billedUnits);
    },
    retry(records, reason) {
      retries.inc({ reason }, records);
    },
    shed() {
      shed.inc({ stage: 'firehose' });
    },
    inFlightBytes(bytes) {
      inFlightNow.firehose = bytes;
    },
  };

  return { requests, countRequest, verificationFailures, firehoseCallSeconds, recordsPerCall, eventsPerCall, billedUnits, retries, inFlightBytes, recordInFlightBytes, shed, writerObserver };
}
