// The consumer's configuration, read once from the environment (the Lambda's, or send-event's). The
// delivery stream, region and endpoint come from the same variables as every other writer.
import { ConfigError, loadFirehoseTarget, type FirehoseTarget } from '@event-lake/ingress';
import { partnerSourceProblem } from './partner-source.js';

export const SOURCE_NAME_VARIABLE = 'EVENTBRIDGE_SOURCE_NAME';

export interface ConsumerConfig {
  readonly firehose: FirehoseTarget;
  /** EVENTBRIDGE_SOURCE_NAME: the only partner event source accepted; any Stripe source when unset. */
  readonly expectedSource: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Throws ConfigError naming the variable. */
export function loadConsumerConfig(env: Env): ConsumerConfig {
  const source = env[SOURCE_NAME_VARIABLE]?.trim() || undefined;
  if (source !== undefined) {
    const problem = partnerSourceProblem(source);
    if (problem) throw new ConfigError(SOURCE_NAME_VARIABLE, problem);
  }
  return Object.freeze({ firehose: loadFirehoseTarget(env), expectedSource: source });
}
