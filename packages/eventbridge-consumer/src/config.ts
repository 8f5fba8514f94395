// The consumer's configuration, read once from the environment (the Lambda's, or send-event's). The
// delivery stream, region and endpoint come from the same variables as every other writer.
import { ConfigError, optional, type Env } from '@event-lake/env-config';
import { loadFirehoseTarget, type FirehoseTarget } from '@event-lake/firehose-writer';
import { partnerSourceProblem } from './partner-source.js';

export const SOURCE_NAME_VARIABLE = 'EVENTBRIDGE_SOURCE_NAME';

export interface ConsumerConfig {
  readonly firehose: FirehoseTarget;
  /** EVENTBRIDGE_SOURCE_NAME: the only partner event source accepted; any Stripe source when unset. */
  readonly expectedSource: string | undefined;
}

/** Throws ConfigError naming the variable. */
export function loadConsumerConfig(env: Env): ConsumerConfig {
  const source = optional(env, SOURCE_NAME_VARIABLE);
  if (source !== undefined) {
    const problem = partnerSourceProblem(source);
    if (problem) throw new ConfigError(SOURCE_NAME_VARIABLE, problem);
  }
  return Object.freeze({ firehose: loadFirehoseTarget(env), expectedSource: source });
}
