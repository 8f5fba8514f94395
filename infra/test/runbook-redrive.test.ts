// The runbook's redrive of the EventBridge dead-letter queue. The DLQ holds two kinds of message: those
// the consumer's queue moved there (they have a source queue) and those the rule's target put there when
// EventBridge could not deliver (they have none). StartMessageMoveTask without a destination sends each
// message back to its own source queue, so the command must name the consumer's queue.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_PATHS } from '../lib/paths.js';

const operations = readFileSync(path.join(REPO_PATHS.repoRoot, 'docs/operations.md'), 'utf8');
const section = /^### EventBridgeDeadLetters$([\s\S]*?)^##/m.exec(operations)?.[1] ?? '';

describe('runbook: EventBridgeDeadLetters redrive', () => {
  it('moves the messages with an explicit --destination-arn: the queue whose redrive policy names the DLQ', () => {
    const moves = section.split('\n').filter((line) => line.startsWith('aws sqs start-message-move-task'));
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatch(/--source-arn "\$\(arn "\$dlq"\)"/);
    expect(moves[0]).toMatch(/--destination-arn "\$\(arn "\$queue"\)"/);
    expect(section).toContain('queue="$(aws sqs list-dead-letter-source-queues --queue-url "$dlq" --query \'queueUrls[0]\' --output text)"');
  });
});
