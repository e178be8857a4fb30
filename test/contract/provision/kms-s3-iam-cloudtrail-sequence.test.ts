import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SECURITY_STEPS_AFTER,
  SECURITY_STEPS_BEFORE,
} from '../../../src/aws/provision/security-steps.js';
import type { DeploymentContext, ResourceReport } from '../../../src/aws/provision/step.js';
import { mockAws } from '../../helpers/aws-mocks.js';
import { testDeployment } from '../../policy/fixtures/deployment.js';
import { mutatingCalls } from '../../policy/fixtures/mutations.js';
import { fakeAwsAccount as statefulAccount } from '../../helpers/fake-aws-account.js';

/** The security steps in their exported order, against one in-memory account. */
const aws = mockAws();
beforeEach(() => {
  aws.reset();
  statefulAccount(aws.mocks);
});
afterAll(() => aws.restore());

async function runAll(ctx: DeploymentContext): Promise<ResourceReport[]> {
  const reports: ResourceReport[] = [];
  for (const step of [...SECURITY_STEPS_BEFORE, ...SECURITY_STEPS_AFTER]) {
    reports.push(...(await step.run(aws.clients, ctx)));
  }
  return reports;
}

describe('security steps in order', () => {
  it('runs roles, key, role policies, buckets, then CloudTrail', () => {
    expect(SECURITY_STEPS_BEFORE.map((s) => s.id)).toEqual([
      'iam-roles',
      'kms',
      'iam-policies',
      's3',
    ]);
    expect(SECURITY_STEPS_AFTER.map((s) => s.id)).toEqual(['cloudtrail']);
  });

  it('plan every resource as create on a fresh account, writing nothing', async () => {
    const reports = await runAll(testDeployment({ dryRun: true }));
    expect(reports.map((r) => [r.step, r.type, r.action])).toEqual([
      ...Array.from({ length: 4 }, () => ['iam-roles', 'IAM role', 'create']),
      ['kms', 'KMS key', 'create'],
      ...Array.from({ length: 4 }, () => ['iam-policies', 'IAM inline policy', 'create']),
      ...Array.from({ length: 3 }, () => ['s3', 'S3 bucket', 'create']),
      ['cloudtrail', 'S3 bucket', 'create'],
      ['cloudtrail', 'CloudTrail trail', 'create'],
    ]);
    expect(mutatingCalls(aws.mocks)).toEqual([]);
  });

  it('create everything once; a second run changes nothing and makes no mutating call', async () => {
    const first = await runAll(testDeployment());
    expect(new Set(first.map((r) => r.action))).toEqual(new Set(['created']));
    aws.mocks.s3.resetHistory();
    aws.mocks.iam.resetHistory();
    aws.mocks.kms.resetHistory();
    aws.mocks.cloudtrail.resetHistory();
    const second = await runAll(testDeployment());
    expect(second.map((r) => r.action)).toEqual(first.map(() => 'unchanged'));
    expect(mutatingCalls(aws.mocks)).toEqual([]);
    const dry = await runAll(testDeployment({ dryRun: true }));
    expect(new Set(dry.map((r) => r.action))).toEqual(new Set(['unchanged']));
  });
});
