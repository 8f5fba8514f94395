// The SNS topic every alarm of the stack notifies. `enforceSSL` makes CDK write a topic policy holding
// only its TLS Deny, and that policy replaces SNS's default one, which is what let the account's
// CloudWatch alarms publish. Without an Allow for cloudwatch.amazonaws.com each alarm's history shows
// "not authorized to perform: SNS:Publish" and nobody hears of it (aws-solutions/
// automated-security-response-on-aws#43). CloudWatch alarms are the only publishers here: the EventBridge
// rule targets SQS, the schedule targets the audit Lambda, and the audit reports through metrics.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

export const CLOUDWATCH_PUBLISH_SID = 'AllowThisAccountsCloudWatchAlarmsToPublish';

export function alarmTopic(scope: Construct, id: string): sns.Topic {
  const topic = new sns.Topic(scope, id, { displayName: 'event-lake alarms', enforceSSL: true });
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: CLOUDWATCH_PUBLISH_SID,
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    // Only alarms of this account and region (confused-deputy protection); any alarm name, so an alarm
    // added later reaches the topic too.
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
  return topic;
}
