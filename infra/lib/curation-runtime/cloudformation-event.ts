// The curation function is also the handler of the stack's CuratedTables custom resource: CloudFormation
// invokes it with a request and waits for the answer PUT to a pre-signed S3 URL. Doing that here (a few
// lines) avoids the CDK provider framework's extra Lambda.

export interface CloudFormationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
}

export function isCloudFormationEvent(event: unknown): event is CloudFormationEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return ['Create', 'Update', 'Delete'].includes(String(e['RequestType'])) && typeof e['ResponseURL'] === 'string'
    && typeof e['StackId'] === 'string' && typeof e['RequestId'] === 'string' && typeof e['LogicalResourceId'] === 'string';
}

export interface CloudFormationAnswer {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId: string;
  /** Shown in the stack's events when FAILED. */
  readonly reason?: string;
}

/** PUTs the answer to the pre-signed URL (no Content-Type: the URL's signature does not cover one). */
export async function answerCloudFormation(event: CloudFormationEvent, answer: CloudFormationAnswer, timeoutMs = 10_000): Promise<void> {
  const body = Buffer.from(JSON.stringify({
    Status: answer.status,
    Reason: (answer.reason ?? 'see the curation function\'s log').slice(0, 1000),
    PhysicalResourceId: answer.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  }));
  const response = await fetch(event.ResponseURL, { method: 'PUT', body, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`CloudFormation response URL answered HTTP ${response.status}`);
}
