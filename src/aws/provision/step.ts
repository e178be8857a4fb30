import { CciError } from '../../core/errors.js';
import type { CciConfig } from '../../core/config/schema.js';
import type { ResourceNames } from '../../core/config/resource-names.js';
import type { Component, Tag } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';

/**
 * The provisioning engine's vocabulary. Every step reads current state first,
 * creates what is missing, reconciles what drifted, and reports per resource.
 * With `dryRun` it reads only and reports what it would do.
 */
export type Action = 'created' | 'updated' | 'unchanged';
export type PlannedAction = 'create' | 'update' | 'unchanged';

export interface ResourceReport {
  step: string;
  /** Kind of resource, e.g. `S3 bucket`, `IAM role`, `KMS alias`. */
  type: string;
  name: string;
  action: Action | PlannedAction;
  arn?: string;
  /** What drifted (or would be created), e.g. `versioning: Suspended -> Enabled`. */
  changes?: string[];
}

export interface DeploymentContext {
  config: CciConfig;
  accountId: string;
  region: string;
  /** `aws` or `aws-cn`/`aws-us-gov`, for ARNs. */
  partition: string;
  names: ResourceNames;
  dryRun: boolean;
  tags(component: Component, tenantId?: string): Tag[];
  /** Values later steps need (e.g. the KMS key ARN), keyed by name. */
  outputs: Map<string, string>;
}

export interface ProvisionStep {
  id: string;
  /** Shown on the spinner, e.g. `§2 S3 buckets`. */
  title: string;
  run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]>;
}

/** Current state of one resource, as a step sees it after reading. */
export type Observed =
  { state: 'missing' } | { state: 'drifted'; changes: string[] } | { state: 'ok' };

/**
 * Records what a step does to each resource and enforces dry-run in one place:
 * `mutate` runs only when the resource is missing or drifted and this is not a
 * dry run.
 */
export class StepRecorder {
  readonly reports: ResourceReport[] = [];

  constructor(
    private readonly step: string,
    private readonly dryRun: boolean,
  ) {}

  async ensure(
    resource: { type: string; name: string; arn?: string },
    observed: Observed,
    mutate: () => Promise<string | void>,
  ): Promise<ResourceReport> {
    const base = { step: this.step, type: resource.type, name: resource.name };
    let report: ResourceReport;
    if (observed.state === 'ok') {
      report = { ...base, action: 'unchanged' };
    } else if (this.dryRun) {
      report = {
        ...base,
        action: observed.state === 'missing' ? 'create' : 'update',
        ...(observed.state === 'drifted' ? { changes: observed.changes } : {}),
      };
    } else {
      const arn = await this.guard(resource, mutate);
      report = {
        ...base,
        action: observed.state === 'missing' ? 'created' : 'updated',
        ...(observed.state === 'drifted' ? { changes: observed.changes } : {}),
        ...(typeof arn === 'string' ? { arn } : {}),
      };
    }
    if (report.arn === undefined && resource.arn !== undefined) report.arn = resource.arn;
    this.reports.push(report);
    return report;
  }

  /** Runs a read or write, naming the step, the resource and the AWS error code on failure. */
  async guard<T>(resource: { type: string; name: string }, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw provisionError(this.step, resource, err);
    }
  }
}

export function provisionError(
  step: string,
  resource: { type: string; name: string },
  err: unknown,
): CciError {
  if (err instanceof CciError) return err;
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return new CciError(
    'PROVISION_FAILED',
    `Step ${step} failed on ${resource.type} ${resource.name}: ${code}: ${message}`,
    {
      cause: err,
      hint:
        code === 'AccessDenied' || code === 'AccessDeniedException'
          ? 'The credentials in use lack a permission for this call; see the message above.'
          : 'Fix the cause and run the same command again: finished steps are skipped.',
      details: { step, resourceType: resource.type, resource: resource.name, awsErrorCode: code },
    },
  );
}

/** The SDK v3 error name (`NoSuchBucket`, `ResourceNotFoundException`, ...). */
export function awsErrorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.Code, e.code, e.name]) if (typeof v === 'string' && v !== 'Error') return v;
  }
  return 'UnknownError';
}

export function isAwsError(err: unknown, ...codes: string[]): boolean {
  return codes.includes(awsErrorCode(err));
}
