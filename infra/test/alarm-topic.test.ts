// The alarm topic's policy, in both hosting modes with every optional path on: CloudWatch (this account's
// alarms only) may publish, publishes without TLS are denied, and nothing else in the stack publishes to
// the topic, so no publisher is left without a grant.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLOUDWATCH_PUBLISH_SID } from '../lib/alarm-topic.js';
import { INGRESS_HOSTINGS } from '../lib/settings.js';
import { buildStack, logicalId, type BuiltStack } from './fixtures.js';

const SOURCE = 'aws.partner/stripe.com/ed_test_61Tw6AOzu6iJQhjyn16Tw5y8SfCQEXXHewXuBVM88FuC';

/** Every place in the template that refers to `ref`, as `Type Property.path` (array indexes left out). */
function referencesTo(template: Record<string, unknown>, ref: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, where));
    else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      if (entries.length === 1 && entries[0]![0] === 'Ref' && entries[0]![1] === ref) found.push(where);
      else for (const [key, value] of entries) walk(value, `${where}.${key}`);
    }
  };
  const resources = template['Resources'] as Record<string, { Type: string; Properties?: unknown }>;
  for (const resource of Object.values(resources)) walk(resource.Properties, resource.Type);
  walk(template['Outputs'], 'Outputs');
  return found;
}

describe.each(INGRESS_HOSTINGS)('alarm topic (ingressHosting=%s, EventBridge path and daily audit on)', (ingressHosting) => {
  let built: BuiltStack;
  let topicId: string;
  beforeAll(() => {
    built = buildStack({ ingressHosting, alarmEmail: 'ops@example.com', eventBridgeSourceName: SOURCE, dailyAudit: 'on' });
    topicId = logicalId(built.template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
  });
  afterAll(() => built.cleanup());

  const statements = (): Record<string, unknown>[] => {
    const policies = Object.values(built.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies.map((p) => p['Properties']['Topics'])).toEqual([[{ Ref: topicId }]]);
    return policies[0]!['Properties']['PolicyDocument']['Statement'];
  };

  it('lets CloudWatch publish, for alarms of this account and region only', () => {
    const allow = statements().filter((s) => s['Effect'] === 'Allow');
    expect(allow).toEqual([{
      Sid: CLOUDWATCH_PUBLISH_SID,
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] },
        },
      },
    }]);
  });

  it('keeps denying publishes without TLS, to everyone', () => {
    expect(statements().filter((s) => s['Effect'] === 'Deny')).toEqual([{
      Sid: 'AllowPublishThroughSSLOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: { Ref: topicId },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }]);
  });

  it('has CloudWatch alarms as its only publishers: nothing else (rule, schedule, function) targets the topic', () => {
    const counts: Record<string, number> = {};
    for (const where of referencesTo(built.template.toJSON(), topicId)) counts[where] = (counts[where] ?? 0) + 1;
    const alarms = Object.keys(built.template.findResources('AWS::CloudWatch::Alarm')).length;
    expect(counts).toEqual({
      'AWS::CloudWatch::Alarm.AlarmActions': alarms,
      'AWS::CloudWatch::Alarm.OKActions': alarms,
      'AWS::SNS::Subscription.TopicArn': 1,
      'AWS::SNS::TopicPolicy.PolicyDocument.Statement.Resource': 2,
      'AWS::SNS::TopicPolicy.Topics': 1,
      'Outputs.AlarmTopicArn.Value': 1,
    });
  });

  it('is notified by every alarm of the stack, the EventBridge and daily-audit ones included, on ALARM and on OK', () => {
    const alarms = Object.entries(built.template.findResources('AWS::CloudWatch::Alarm'));
    for (const prefix of ['EventBridgeEventBridgeDeadLetters', 'DailyAuditAuditIncomplete', 'DailyAuditAuditNotRunning', 'MonitoringNoEvents']) {
      expect(alarms.map(([id]) => id)).toContainEqual(expect.stringMatching(new RegExp(`^${prefix}`)));
    }
    for (const [, alarm] of alarms) {
      expect([alarm['Properties']['AlarmActions'], alarm['Properties']['OKActions']]).toEqual([[{ Ref: topicId }], [{ Ref: topicId }]]);
    }
  });
});
