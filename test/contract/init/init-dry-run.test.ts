import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INIT_STEPS } from '../../../src/aws/provision/all-steps.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import {
  fakeAwsAccount,
  mutatingCommands,
  sentCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';
import { ALL_RESOURCES, allWith, init, rows } from './init-fixture.js';

const aws = mockAws();
let account: FakeAwsAccount;
beforeEach(() => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
});
afterAll(() => aws.restore());

describe('init --target aws --dry-run on a fresh account', () => {
  it('plans every resource of the guide with action create', async () => {
    const result = await init(aws, { dryRun: true });

    expect(result).toMatchObject({ accountId: TEST_ACCOUNT, region: TEST_REGION, dryRun: true });
    expect(rows(result.resources)).toEqual(allWith('create'));
  });

  it('only reads: no client receives a mutating command, and the account stays empty', async () => {
    await init(aws, { dryRun: true });

    expect(mutatingCommands(aws.mocks)).toEqual([]);
    // It did look: every service of the plan was asked about its resources.
    const asked = new Set(sentCommands(aws.mocks).map((c) => c.split(':')[0]));
    for (const client of [
      'sts',
      'iam',
      'kms',
      's3',
      'dynamodb',
      'sns',
      'sqs',
      'eventbridge',
      'glue',
      'athena',
      'budgets',
      'cloudtrail',
    ]) {
      expect(asked, client).toContain(client);
    }
    expect(account.iam.roles.size + account.kms.keys.size + account.s3.buckets.size).toBe(0);
  });

  it('runs one reporter step per provisioning step, each marked as a plan', async () => {
    const reporter = new FakeReporter();
    await init(aws, { dryRun: true, reporter });

    expect(reporter.texts('step')).toEqual([
      'Identify the AWS account (STS)',
      ...INIT_STEPS.map((s) => `${s.title} (plan)`),
    ]);
  });

  it('gives each planned resource of a known ARN that ARN', async () => {
    const result = await init(aws, { dryRun: true });
    const arnOf = (name: string) => result.resources.find((r) => r.name === name)?.arn;

    expect(arnOf('cci-lite-lambda-role')).toBe(
      `arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`,
    );
    expect(arnOf(`cci-lite-input-${TEST_ACCOUNT}-${TEST_REGION}`)).toBe(
      `arn:aws:s3:::cci-lite-input-${TEST_ACCOUNT}-${TEST_REGION}`,
    );
    expect(arnOf('cci-lite-config')).toBe(
      `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT}:table/cci-lite-config`,
    );
    expect(arnOf('TranscribeJobStatusTopic')).toBe(
      `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:TranscribeJobStatusTopic`,
    );
  });
});

describe('cci-lite --target aws --dry-run --json init', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'cci-init-dry-run-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints the plan as JSON, every resource with action create, and mutates nothing', async () => {
    const run = await runCliCaptured(['--target', 'aws', '--dry-run', '--json', 'init'], { cwd });

    expect(run.stderr).not.toMatch(/not available/);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      target?: string;
      accountId?: string;
      dryRun?: boolean;
      resources?: Array<{ type: string; name: string; action: string }>;
    };
    expect(out).toMatchObject({ target: 'aws', accountId: TEST_ACCOUNT, dryRun: true });
    expect(out.resources?.map((r) => [r.type, r.name, r.action])).toEqual(
      ALL_RESOURCES.map(([, type, name]) => [type, name, 'create']),
    );
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });
});
