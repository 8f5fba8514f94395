// Where the lake is and how to reach it on Athena, read once here, in the package that owns the lake:
// pnpm query, pnpm curate, audit-lake/backfill/import-objects and replay all take them from here, so the
// same variables mean the same thing (and are checked the same way) in every tool.
import path from 'node:path';
import { nonEmpty } from '@event-lake/env-config';
import { userCwd, UsageError } from '@event-lake/cli-kit';

/** The variables read here (an interface, so each tool's own environment type can extend it). */
export interface LakeEnv {
  readonly LAKE_DIR?: string | undefined;
  readonly INIT_CWD?: string | undefined;
  readonly ATHENA_WORKGROUP?: string | undefined;
  readonly ATHENA_DATABASE?: string | undefined;
  readonly ATHENA_OUTPUT_LOCATION?: string | undefined;
  readonly AWS_REGION?: string | undefined;
}

/** The trimmed value, or undefined when unset or blank. */
const optional = (value: string | undefined) => (nonEmpty(value) ? value.trim() : undefined);

/** Unset settings are absent: the SDK's region chain and the workgroup's own result location then apply. */
export interface AthenaSettings {
  readonly workgroup?: string;
  readonly database?: string;
  readonly region?: string;
  readonly outputLocation?: string;
}

/** Command-line values that win over the environment (tools without such flags pass none). */
export interface AthenaFlags {
  readonly workgroup?: string | undefined;
  readonly database?: string | undefined;
  readonly region?: string | undefined;
  readonly outputLocation?: string | undefined;
}

export type Backend = 'local' | 'athena';

/** The `--backend` flag of every tool that reads the lake: local (the default) or athena. */
export function backendFrom(flag: string | undefined): Backend {
  const backend = flag ?? 'local';
  if (backend !== 'local' && backend !== 'athena') throw new UsageError(`--backend must be local or athena, got "${backend.slice(0, 40)}"`);
  return backend;
}

/** The flags of `pnpm query` and `pnpm curate` that say where the lake is, as parseFlags options. */
export const LAKE_FLAG_OPTIONS = {
  backend: { type: 'string' },
  'lake-dir': { type: 'string' },
  workgroup: { type: 'string' },
  database: { type: 'string' },
  region: { type: 'string' },
  'output-location': { type: 'string' },
} as const;

/** The Athena settings among those flags' values, for athenaSettingsFrom. */
export function athenaFlagsOf(v: { workgroup?: string | undefined; database?: string | undefined; region?: string | undefined; 'output-location'?: string | undefined }): AthenaFlags {
  return { workgroup: v.workgroup, database: v.database, region: v.region, outputLocation: v['output-location'] };
}

/** Absolute: `flag`, else LAKE_DIR, else ./lake, relative to the folder the user ran pnpm in. */
export function lakeDirFrom(flag: string | undefined, env: LakeEnv, cwd: string): string {
  return path.resolve(userCwd(env, cwd), flag ?? optional(env.LAKE_DIR) ?? './lake');
}

/**
 * Flags first, then ATHENA_WORKGROUP, ATHENA_DATABASE, AWS_REGION and ATHENA_OUTPUT_LOCATION. A result
 * location that is not an s3:// URI is a UsageError naming the flag or variable it came from.
 */
export function athenaSettingsFrom(env: LakeEnv, flags: AthenaFlags = {}): AthenaSettings {
  const workgroup = flags.workgroup ?? optional(env.ATHENA_WORKGROUP);
  const database = flags.database ?? optional(env.ATHENA_DATABASE);
  const region = flags.region ?? optional(env.AWS_REGION);
  const outputLocation = flags.outputLocation ?? optional(env.ATHENA_OUTPUT_LOCATION);
  if (outputLocation !== undefined && !outputLocation.startsWith('s3://')) {
    const source = flags.outputLocation !== undefined ? '--output-location' : 'ATHENA_OUTPUT_LOCATION';
    throw new UsageError(`${source} must be an s3:// URI, got "${outputLocation}"`);
  }
  return Object.freeze({
    ...(workgroup ? { workgroup } : {}),
    ...(database ? { database } : {}),
    ...(region ? { region } : {}),
    ...(outputLocation ? { outputLocation } : {}),
  });
}
