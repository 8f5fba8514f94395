// Instants given on the command line (`--since`, `--until`): one spelling for every tool.
import { UsageError } from './cli.js';

/**
 * A date (`2026-11-20`, midnight UTC) or a date-time with a zone (`2026-11-20T10:00:00Z`, `…+01:00`).
 * A time without a zone is refused: it would mean a different instant on every machine.
 */
export function parseInstant(raw: string, flag: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const ms = dateOnly ? Date.parse(`${raw}T00:00:00Z`) : withZone ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`${flag} must be a date (2026-11-20, UTC) or a date-time with a zone (2026-11-20T10:00:00Z), got "${raw}"`);
  }
  return new Date(ms);
}
