// Builds the stack the way bin/ does, with a stub Lambda package so tests need neither the ingress
// build nor Docker. One build per test file (beforeAll): synthesis is the slow part. NodejsFunction
// bundling (esbuild) is skipped unless a test asks for it (`bundle: true`), as `cdk synth --exclusively`
// does for stacks it does not bundle.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, type IStackSynthesizer } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventLakeStack } from '../lib/event-lake-stack.js';
import { REPO_PATHS } from '../lib/paths.js';
import { resolveSettings, type EventLakeSettings } from '../lib/settings.js';

export interface BuiltStack {
  readonly app: App;
  readonly stack: EventLakeStack;
  readonly template: Template;
  readonly settings: EventLakeSettings;
  cleanup(): void;
}

export interface BuildOptions {
  readonly bundle?: boolean;
  /** More app context, e.g. `@aws-cdk/core:bootstrapQualifier` as `-c` gives it. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly synthesizer?: IStackSynthesizer;
}

export function buildStack(
  overrides: Partial<EventLakeSettings> = {}, athenaDir = REPO_PATHS.athenaDir, options: BuildOptions = {},
): BuiltStack {
  const codeDir = mkdtempSync(path.join(os.tmpdir(), 'event-lake-infra-code-'));
  writeFileSync(path.join(codeDir, 'index.js'), 'process.exit(1);\n');
  const settings = resolveSettings(overrides);
  const app = new App({ context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context } });
  const stack = new EventLakeStack(app, 'EventLakeTest', { settings, athenaDir, ingressCodeDir: codeDir, synthesizer: options.synthesizer });
  const template = Template.fromStack(stack);
  return { app, stack, template, settings, cleanup: () => rmSync(codeDir, { recursive: true, force: true }) };
}

/** The single resource of `type` whose logical id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0] as string;
}
