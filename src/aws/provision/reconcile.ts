import { CciError } from '../../core/errors.js';
import type { Tag } from '../../core/config/tags.js';
import { isAwsError, type DeploymentContext, type Observed, type StepRecorder } from './step.js';

/**
 * Small helpers the data-plane steps (DynamoDB, SNS, SQS, EventBridge, Glue,
 * Athena, Budgets) share: values earlier steps left in `ctx.outputs`, reads
 * where "not found" is an answer, and drift comparisons of tags, attributes
 * and JSON documents.
 */

/** Outputs of the KMS and IAM steps that these steps consume. */
export const UPSTREAM = {
  kmsKeyArn: 'KMS',
  lambdaRoleArn: 'IAM',
  glueRoleArn: 'IAM',
  quicksightRoleArn: 'IAM',
  transcribeRoleArn: 'IAM',
} as const;
export type UpstreamOutput = keyof typeof UPSTREAM;

/**
 * An output of an earlier step. A dry run on a fresh account has none (nothing
 * was created), so it plans with the value the resource will have; a real run
 * without it means the steps ran out of order.
 */
export function upstreamOutput(ctx: DeploymentContext, key: UpstreamOutput, step: string): string {
  const value = ctx.outputs.get(key);
  if (value !== undefined) return value;
  if (ctx.dryRun) return plannedUpstream(ctx, key);
  throw new CciError(
    'PROVISION_ORDER',
    `Step ${step} needs ${key}, which the ${UPSTREAM[key]} step provides, but it has not run.`,
    { hint: 'Run `cci-lite init --target aws`, which runs every step in order.' },
  );
}

function plannedUpstream(ctx: DeploymentContext, key: UpstreamOutput): string {
  const { names } = ctx;
  switch (key) {
    case 'kmsKeyArn':
      // The key id is only known once the key exists; its alias stands for it in a plan.
      return arn(ctx, 'kms', names.kmsAlias);
    case 'lambdaRoleArn':
      return roleArn(ctx, names.lambdaRole);
    case 'glueRoleArn':
      return roleArn(ctx, names.glueRole);
    case 'quicksightRoleArn':
      return roleArn(ctx, names.quicksightRole);
    case 'transcribeRoleArn':
      return roleArn(ctx, names.transcribeRole);
  }
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arn(ctx: DeploymentContext, service: string, resource: string): string {
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

export function roleArn(ctx: DeploymentContext, roleName: string): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:role/${roleName}`;
}

/** Runs a read; the listed AWS error codes mean "does not exist" and answer undefined. */
export function readOrMissing<T>(
  recorder: StepRecorder,
  resource: { type: string; name: string },
  read: () => Promise<T>,
  ...notFoundCodes: string[]
): Promise<T | undefined> {
  return recorder.guard(resource, async () => {
    try {
      return await read();
    } catch (err) {
      if (isAwsError(err, ...notFoundCodes)) return undefined;
      throw err;
    }
  });
}

/** `ok` when nothing drifted, else `drifted` with what did. */
export function observedFrom(changes: string[]): Observed {
  return changes.length === 0 ? { state: 'ok' } : { state: 'drifted', changes };
}

export function change(what: string, from: unknown, to: unknown): string {
  return `${what}: ${show(from)} -> ${show(to)}`;
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Desired tags that are absent or have another value. Tags others added are left alone. */
export function tagsToApply(current: Record<string, string>, desired: readonly Tag[]): Tag[] {
  return desired.filter((t) => current[t.Key] !== t.Value);
}

export function tagChanges(current: Record<string, string>, desired: readonly Tag[]): string[] {
  return tagsToApply(current, desired).map((t) => change(`tag ${t.Key}`, current[t.Key], t.Value));
}

export function tagRecord(
  tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) record[t.Key] = t.Value ?? '';
  return record;
}

/** Desired string attributes whose current value differs (SNS/SQS attribute maps). */
export function attributesToSet(
  current: Record<string, string | undefined>,
  desired: Record<string, string>,
  same: (name: string, a: string | undefined, b: string) => boolean = (_n, a, b) => a === b,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(desired)) {
    if (!same(name, current[name], value)) out[name] = value;
  }
  return out;
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Deep equality of JSON values, whatever the key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Equality of IAM-style policy documents. Services store and return policies in
 * equivalent forms (`"Action": "x"` for `["x"]`, reordered lists), so both sides
 * are normalised before comparing.
 */
export function samePolicy(a: unknown, b: unknown): boolean {
  return sameJson(normalisePolicy(a), normalisePolicy(b));
}

function normalisePolicy(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalisePolicy);
    if (items.length === 1) return items[0];
    return items.every((i) => typeof i === 'string') ? [...(items as string[])].sort() : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normalisePolicy(v)]),
    );
  }
  return value;
}

function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
