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
  const requests = new Counter({
    name: 'ingress_webhook_requests_total',
    help: 'Webhook requests by outcome (stored, rejected, unavailable, error) and error code (none when stored).',
    labelNames: ['outcome', 'code'] as const,
    registers,
  });
  const verificationFailures = new Counter({
    name: 'ingress_signature_verification_failures_total',
    help: 'Stripe-Signature verification failures by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  // One labelled child per outcome and code, looked up by a string key: inc({ … }) would hash the label
  // object on every request.
  const requestCounters = new Map<string, { inc(): void }>();
  const countRequest = (outcome: RequestOutcome, code: string) => {
    const key = `${outcome} ${code}`;
    let counter = requestCounters.get(key);
    if (!counter) requestCounters.set(key, counter = requests.labels({ outcome, code }));
    counter.inc();
  };
  for (const reason of SIGNATURE_FAILURES) verificationFailures.inc({ reason }, 0);
  const firehoseCallSeconds = new Histogram({
    name: 'ingress_firehose_call_duration_seconds',
    help: 'PutRecordBatch call latency by result (ok, partial, error).',
    labelNames: ['result'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers,
  });
  const recordsPerCall = new Histogram({
    name: 'ingress_firehose_records_per_call',
    help: 'Records sent per PutRecordBatch call.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
    registers,
  });
  const eventsPerCall = new Histogram({
    name: 'ingress_firehose_events_per_call',
    help: 'Distinct writes (events) with lines in one PutRecordBatch call.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers,
  });
  const billedUnits = new Counter({
    name: 'ingress_firehose_billed_units_total',
    help: 'Firehose billed 5 KB units sent (records rounded up to 5 KB), retries included.',
    registers,
  });
  const retries = new Counter({
    name: 'ingress_firehose_record_retries_total',
    help: 'Records scheduled for resending, by Firehose error code or call error name.',
    labelNames: ['reason'] as const,
    registers,
  });
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
  const shed = new Counter({
    name: 'ingress_shed_requests_total',
    help: 'Requests answered 503 overloaded at once because in-flight bytes were at their bound: request bodies being read (stage=body) or lines waiting for Firehose (stage=firehose).',
    labelNames: ['stage'] as const,
    registers,
  });

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
