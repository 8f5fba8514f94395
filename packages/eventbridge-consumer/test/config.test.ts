import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@event-lake/env-config';
import { loadConsumerConfig } from '../src/index.js';

describe('loadConsumerConfig', () => {
  it('accepts any Stripe source when EVENTBRIDGE_SOURCE_NAME is unset, and the named one when set', () => {
    expect(loadConsumerConfig({ AWS_REGION: 'eu-west-1' })).toMatchObject({ expectedSource: undefined, firehose: { region: 'eu-west-1', deliveryStreamName: 'event-lake-stripe-events' } });
    const name = 'aws.partner/stripe.com/ed_61TEN0dErlaWJQzTZ16Qafnx2xSQhCzmf0WoqI1pgQSG';
    expect(loadConsumerConfig({ AWS_REGION: 'eu-west-1', EVENTBRIDGE_SOURCE_NAME: name }).expectedSource).toBe(name);
  });

  it('refuses to start with a source that is not a Stripe partner event source, naming the variable', () => {
    const attempt = () => loadConsumerConfig({ AWS_REGION: 'eu-west-1', EVENTBRIDGE_SOURCE_NAME: 'aws.partner/example.com/x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^EVENTBRIDGE_SOURCE_NAME must be the Stripe partner event source name/);
  });

  it('names the Firehose variables as every writer does', () => {
    expect(() => loadConsumerConfig({})).toThrow(/^AWS_REGION is required/);
  });
});
