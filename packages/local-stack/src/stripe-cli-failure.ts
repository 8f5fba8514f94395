// What a failed `stripe listen` means for the user, read from the CLI's last lines: not logged in (or a
// refused key) and a refused flag are configuration (exit 2); anything else is Stripe unreachable or
// failing (exit 3). The CLI's own words follow, with secrets cut (stripe-cli-output.ts).
import { CliError, USAGE_EXIT } from '@event-lake/cli-kit';

export const OUTSIDE_SERVICE_EXIT = 3;

const NOT_LOGGED_IN = /not configured API keys|stripe login|api key|authorization failed, status=40[13]/i;
const REFUSED_FLAG = /unknown (flag|shorthand|command)|invalid argument|flag needs an argument|must specify events|cannot forward|has been replaced|invalid API base URL|invalid --events-from/i;

export function cliFailure(what: string, lines: readonly string[], exitCode: number | null): CliError {
  const said = lines.filter((l) => l.trim());
  const notLoggedIn = said.find((l) => NOT_LOGGED_IN.test(l));
  if (notLoggedIn !== undefined) {
    return new CliError(
      `${what}: the Stripe CLI is not logged in or its key was refused ("${notLoggedIn}"): run \`pnpm exec stripe login\`, set STRIPE_API_KEY, or put --api-key sk_test_… in STRIPE_LISTEN_FLAGS`,
      USAGE_EXIT,
    );
  }
  const refused = said.find((l) => REFUSED_FLAG.test(l));
  if (refused !== undefined) return new CliError(`${what}: the Stripe CLI refused its flags (check STRIPE_LISTEN_FLAGS): ${refused}`, USAGE_EXIT);
  const last = said.slice(-2).join(' / ') || `exit code ${exitCode ?? 'none'}, no output`;
  return new CliError(`${what}: could not reach Stripe (${last})`, OUTSIDE_SERVICE_EXIT);
}
