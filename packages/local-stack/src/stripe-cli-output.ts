// One line of the Stripe CLI's output as `pnpm start --listen` shows it: without colour codes, terminal
// hyperlinks or the CLI's own timestamp (the stack's line has one), logrus's `time=… level=… msg="…"`
// reduced to its level and message, and every secret or key cut to its prefix. The CLI prints the
// session's signing secret in its "Ready!" line, and a refused key may come back in an error body.

export type CliLevel = 'info' | 'warn' | 'error';

export interface CliLine {
  level: CliLevel;
  text: string;
}

const OSC8_LINK = /\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)/g;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const CLI_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+/;
const LOGRUS = /^time="[^"]*" level=(\w+) msg="((?:[^"\\]|\\.)*)"(.*)$/;
const SECRET = /\b(whsec|sk_test|sk_live|rk_test|rk_live|sk_org)_[A-Za-z0-9*]+/g;

export function redactSecrets(text: string): string {
  return text.replace(SECRET, '$1_…');
}

/** undefined for a line with nothing left to show. */
export function cleanCliLine(raw: string): CliLine | undefined {
  let text = raw.replace(OSC8_LINK, '').replace(ANSI, '').replace(/\r/g, '').trimEnd();
  let level: CliLevel = 'info';
  const logrus = LOGRUS.exec(text);
  if (logrus) {
    const name = logrus[1]!;
    level = name === 'warning' || name === 'warn' ? 'warn' : name === 'error' || name === 'fatal' || name === 'panic' ? 'error' : 'info';
    text = `${logrus[2]!.replace(/\\"/g, '"')}${logrus[3]!}`;
  }
  text = redactSecrets(text.replace(CLI_TIMESTAMP, '')).trim();
  return text ? { level, text } : undefined;
}
