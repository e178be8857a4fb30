import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { INIT_STEPS } from '../../../src/aws/provision/all-steps.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';
import {
  clearCallHistory,
  fakeAwsAccount,
  mutatingCommands,
  type FakeAwsAccount,
} from '../../helpers/fake-aws-account.js';
import { ALL_RESOURCES } from '../init/init-fixture.js';

interface InitJson {
  target: string;
  accountId: string;
  region: string;
  dryRun: boolean;
  resources: Array<{ step: string; type: string; name: string; action: string; arn?: string }>;
}

const aws = mockAws();
let account: FakeAwsAccount;
let cwd: string;

beforeEach(async () => {
  aws.reset();
  account = fakeAwsAccount(aws.mocks);
  cwd = await mkdtemp(join(tmpdir(), 'cci-init-aws-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});
afterAll(() => aws.restore());

const cli = (...argv: string[]) => runCliCaptured(argv, { cwd });

/** A deployment config as an operator writes it: target aws, alerts to an address. */
async function writeAwsConfig(): Promise<void> {
  await writeFile(
    join(cwd, 'cci-lite.config.json'),
    JSON.stringify({ target: 'aws', region: TEST_REGION, notificationEmail: 'ops@example.com' }),
  );
}

function parse(stdout: string): InitJson {
  return JSON.parse(stdout) as InitJson;
}

describe('cci-lite init --target aws --dry-run', () => {
  it('--json: the plan of a fresh account, every resource create, no mutating call', async () => {
    const run = await cli('--target', 'aws', '--dry-run', '--json', 'init');

    expect(run.code).toBe(0);
    const out = parse(run.stdout);
    expect(out).toMatchObject({
      target: 'aws',
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      dryRun: true,
    });
    expect(out.resources.map((r) => [r.step, r.type, r.name, r.action])).toEqual(
      ALL_RESOURCES.map(([step, type, name]) => [step, type, name, 'create']),
    );
    expect(mutatingCommands(aws.mocks)).toEqual([]);
    expect(account.s3.buckets.size + account.iam.roles.size + account.kms.keys.size).toBe(0);
  });

  it('text: one table grouped by step with ARNs, and the plan counts', async () => {
    const run = await cli('init', '--target', 'aws', '--dry-run');

    expect(run.code).toBe(0);
    for (const step of INIT_STEPS) expect(run.stdout).toContain(step.title);
    // Each step title appears once: the rows of a step are grouped under it.
    expect(run.stdout.split('§2 S3 buckets')).toHaveLength(2);
    expect(run.stdout).toMatch(/resource type.*name.*action.*ARN/);
    expect(run.stdout).toContain(`arn:aws:iam::${TEST_ACCOUNT}:role/cci-lite-lambda-role`);
    expect(run.stdout).toContain(`plan: ${ALL_RESOURCES.length} create, 0 update, 0 unchanged`);
    expect(run.stdout).not.toContain('Next:');
    // Progress goes to stderr, one line per step (no TTY).
    expect(run.stderr).toContain('Identify the AWS account (STS) ...');
    expect(run.stderr).toContain('§1 KMS master key (plan) ...');
  });
});

describe('cci-lite init with target aws in the config file', () => {
  it('provisions everything, and a second run changes nothing', async () => {
    await writeAwsConfig();

    const first = await cli('init', '--json');
    expect(first.code, first.stderr).toBe(0);
    const created = parse(first.stdout);
    expect(created).toMatchObject({ target: 'aws', dryRun: false, accountId: TEST_ACCOUNT });
    expect(created.resources.map((r) => r.action)).toEqual(ALL_RESOURCES.map(() => 'created'));
    expect(created.resources.find((r) => r.type === 'DynamoDB table')?.arn).toBe(
      `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT}:table/cci-lite-config`,
    );

    clearCallHistory(aws.mocks);
    const second = await cli('init');
    expect(second.code, second.stderr).toBe(0);
    expect(mutatingCommands(aws.mocks)).toEqual([]);
    expect(second.stdout).toContain(
      `0 created, 0 updated, ${ALL_RESOURCES.length} unchanged: the deployment is up to date.`,
    );
  });

  it('stops on an AWS error naming the step, the resource and the AWS code (exit 1)', async () => {
    await writeAwsConfig();
    account.failOn(CreateTableCommand, awsError('AccessDeniedException', 'not allowed'));

    const run = await cli('init', '--json');

    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      ok: boolean;
      error: { code: string; message: string; details?: Record<string, unknown> };
    };
    expect(out.ok).toBe(false);
    expect(out.error.code).toBe('PROVISION_FAILED');
    expect(out.error.message).toContain('dynamodb');
    expect(out.error.message).toContain('cci-lite-config');
    expect(out.error.message).toContain('AccessDeniedException');
  });

  it('refuses credentials of another account than the config names (exit 2)', async () => {
    await writeFile(
      join(cwd, 'cci-lite.config.json'),
      JSON.stringify({ target: 'aws', region: TEST_REGION, accountId: '999999999999' }),
    );

    const run = await cli('init', '--dry-run');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ACCOUNT_MISMATCH');
    expect(mutatingCommands(aws.mocks)).toEqual([]);
  });
});
