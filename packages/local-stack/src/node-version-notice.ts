// One line instead of the AWS SDK's paragraph on an older Node. The SDK (>= 3.9xx) prints a multi-line
// NodeVersionSupportWarning on Node < 22 in every process that makes a client; `pnpm start` turns it off in
// the ingress it starts (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, read by @aws-sdk/core) and says
// this instead.
export const RECOMMENDED_NODE_MAJORS = [22, 24] as const;

export function nodeVersionNotice(version: string): string | undefined {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (!Number.isFinite(major) || major >= RECOMMENDED_NODE_MAJORS[0]) return undefined;
  return `note: Node ${version} works here, but Node 20 reached end of life in April 2026 and AWS SDK releases from January 2027 need Node 22: use Node 22 or 24`;
}
