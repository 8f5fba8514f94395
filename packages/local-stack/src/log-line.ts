// One readable line per pino JSON line, for `pnpm start` on a terminal. The ingress's access log becomes
// `time  status  type  id  duration` (or the error code for a refusal); other lines become
// `time  source  [LEVEL]  message  key=value…`. Anything that is not a pino line passes through unchanged.

type Entry = Record<string, unknown>;

/** pino's numeric levels; info and below are not labelled. */
const LABELS: Readonly<Record<number, string>> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields the line shows in its own place, or that only add noise on a terminal. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'reqId']);

export function formatLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const e = entry as Entry;
  if (typeof e['msg'] !== 'string' || typeof e['time'] !== 'number') return line;
  const time = clock(e['time']);
  if (typeof e['status'] === 'number' && typeof e['path'] === 'string') return accessLine(time, e);
  const source = text(e['service'] ?? e['name']);
  const label = typeof e['level'] === 'number' ? LABELS[e['level']] : undefined;
  const extras = Object.entries(e).filter(([k]) => !SHOWN_APART.has(k)).map(([k, v]) => `${k}=${value(v)}`);
  return [time, source, label, e['msg'], ...extras].filter((part) => part).join('  ');
}

/** `12:04:05  200  payment_intent.succeeded  evt_1Q…  4 ms`, or `… 400  signature_mismatch  POST /webhook/stripe  1 ms`. */
function accessLine(time: string, e: Entry): string {
  const what = e['status'] === 200 ? [text(e['eventType']), text(e['eventId'])] : [text(e['code']), `${text(e['method'])} ${text(e['path'])}`];
  const duration = typeof e['durationMs'] === 'number' ? `${e['durationMs']} ms` : '';
  return [time, String(e['status']), ...what, duration].filter((part) => part).join('  ');
}

/** Local wall-clock time of day: what a developer compares with their own actions. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function value(v: unknown): string {
  if (typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string') return (v as { message: string }).message;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
