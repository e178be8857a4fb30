import 'aws-sdk-client-mock-vitest/extend';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { alertsStep } from '../../../src/aws/lambda/deploy/alarms.js';
import { functionsStep } from '../../../src/aws/lambda/deploy/functions.js';
import { logGroupsStep } from '../../../src/aws/lambda/deploy/log-groups.js';
import { lambdaTriggersStep } from '../../../src/aws/lambda/deploy/triggers.js';
import {
  defaultLambdaOutDir,
  deployLambdasSteps,
  runDeployLambdas,
} from '../../../src/aws/lambda/deploy-lambdas.js';
import { HANDLER_IDS, type LambdaZip } from '../../../src/aws/lambda/lambda-specs.js';
import { ConfigSchema } from '../../../src/core/config/schema.js';
import { mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { sentCommands } from '../../helpers/fake-aws-account.js';
import { FakeReporter } from '../../helpers/fake-reporter.js';
import { KEY_ARN } from '../provision/data-plane-fixture.js';
import {
  deployedConfiguration,
  expectedTagRecord,
  FN_ARN,
  NAMES,
  recordingSleep,
  SETTINGS,
  ZIPS,
} from './functions-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
let dir: string;
beforeEach(async () => {
  aws.reset();
  dir = await mkdtemp(join(tmpdir(), 'cci-deploy-lambdas-'));
  mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: TEST_ACCOUNT,
    Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/operator`,
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));
afterAll(() => aws.restore());

const config = ConfigSchema.parse({ target: 'aws', region: TEST_REGION });
/** The two steps this engine owns; triggers and alarms have their own contract tests. */
const ownSteps = (zips: readonly LambdaZip[]) => [
  logGroupsStep,
  functionsStep(zips, { wait: { sleep: recordingSleep().sleep } }),
];

/** Key, log groups and functions exactly as a finished deployment has them. */
function deployedAccount(): void {
  mocks.kms.onAnyCommand().resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
  for (const id of HANDLER_IDS) {
    const name = NAMES[id];
    const group = `/aws/lambda/${name}`;
    const groupArn = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${group}`;
    mocks.logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: group }).resolves({
      logGroups: [
        { logGroupName: group, logGroupArn: groupArn, retentionInDays: 30, kmsKeyId: KEY_ARN },
      ],
    });
    mocks.logs
      .on(ListTagsForResourceCommand, { resourceArn: groupArn })
      .resolves({ tags: expectedTagRecord(id) });
    mocks.lambda
      .on(GetFunctionCommand, { FunctionName: name })
      .resolves({ Configuration: deployedConfiguration(id) });
    mocks.lambda.on(ListTagsCommand, { Resource: FN_ARN(name) }).resolves({
      Tags: expectedTagRecord(id),
    });
    mocks.lambda
      .on(GetFunctionConcurrencyCommand, { FunctionName: name })
      .resolves({ ReservedConcurrentExecutions: SETTINGS[id].concurrency });
  }
}

/** Reads are Get/List/Describe; everything else changes the account. */
const mutating = () => sentCommands(mocks).filter((c) => !/:(Get|List|Describe)/.test(c));

describe('runDeployLambdas', () => {
  it('runs log groups, functions, triggers, alarms in that order', () => {
    expect(deployLambdasSteps(ZIPS).map((s) => s.id)).toEqual([
      logGroupsStep.id,
      'functions',
      lambdaTriggersStep.id,
      alertsStep.id,
    ]);
  });

  it('--build-only: writes <handler>.zip to the out dir and never calls AWS', async () => {
    const reporter = new FakeReporter();

    const out = await runDeployLambdas({
      config,
      reporter,
      dryRun: false,
      buildOnly: true,
      outDir: join(dir, 'zips'),
      clients,
      zips: ZIPS,
    });

    expect(out.zips).toEqual(
      ZIPS.map((z) => ({
        id: z.id,
        bytes: z.bytes,
        sha256: z.sha256,
        path: join(dir, 'zips', `${z.id}.zip`),
      })),
    );
    for (const zip of ZIPS) {
      expect(new Uint8Array(await readFile(join(dir, 'zips', `${zip.id}.zip`)))).toEqual(zip.zip);
    }
    expect(out.resources).toEqual([]);
    expect(out.accountId).toBeUndefined();
    expect(sentCommands(mocks)).toEqual([]);
  });

  it('builds with the given bundler under its own spinner when no zips are passed', async () => {
    const reporter = new FakeReporter();
    const asked: unknown[] = [];

    const out = await runDeployLambdas({
      config,
      reporter,
      dryRun: true,
      buildOnly: true,
      clients,
      build: (options) => {
        asked.push(options);
        return Promise.resolve(ZIPS);
      },
    });

    expect(asked).toEqual([{}]);
    expect(reporter.texts('step')).toEqual(['Bundle handlers (esbuild)']);
    // A dry run writes nothing, not even locally.
    expect(out.zips.every((z) => z.path === undefined)).toBe(true);
    expect(sentCommands(mocks)).toEqual([]);
  });

  it('defaults --out-dir to the package’s dist/lambda', () => {
    expect(defaultLambdaOutDir()).toBe(join(process.cwd(), 'dist', 'lambda'));
  });

  it('deploys after identifying the account, one spinner per step', async () => {
    mocks.kms.onAnyCommand().resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    mocks.lambda
      .on(GetFunctionCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }));
    mocks.lambda.on(CreateFunctionCommand).resolves({});
    mocks.lambda.on(GetFunctionConfigurationCommand).resolves(deployedConfiguration('job-init'));
    const reporter = new FakeReporter();

    const out = await runDeployLambdas({
      config,
      reporter,
      dryRun: false,
      buildOnly: false,
      clients,
      zips: ZIPS,
      steps: ownSteps,
    });

    expect(reporter.texts('step')).toEqual([
      'Identify the AWS account (STS)',
      logGroupsStep.title,
      '§7 Lambda functions',
    ]);
    expect(out).toMatchObject({ accountId: TEST_ACCOUNT, region: TEST_REGION, dryRun: false });
    expect(out.resources.map((r) => [r.step, r.name, r.action])).toEqual([
      ['log-groups', '/aws/lambda/cci-lite-job-init', 'created'],
      ['log-groups', '/aws/lambda/cci-lite-result-handler', 'created'],
      ['functions', 'cci-lite-job-init', 'created'],
      ['functions', 'cci-lite-job-init', 'created'],
      ['functions', 'cci-lite-result-handler', 'created'],
      ['functions', 'cci-lite-result-handler', 'created'],
    ]);
    expect(mocks.logs).toHaveReceivedCommandTimes(CreateLogGroupCommand, 2);
    expect(mocks.lambda).toHaveReceivedCommandTimes(CreateFunctionCommand, 2);
    expect(mocks.lambda).toHaveReceivedCommandTimes(PutFunctionConcurrencyCommand, 2);
    expect(out.zips.map((z) => z.id)).toEqual(['job-init', 'result-handler']);
  });

  it('the same build on a finished deployment: every resource unchanged, no mutating call', async () => {
    deployedAccount();

    const out = await runDeployLambdas({
      config,
      reporter: new FakeReporter(),
      dryRun: false,
      buildOnly: false,
      clients,
      zips: ZIPS,
      steps: ownSteps,
    });

    expect(out.resources.every((r) => r.action === 'unchanged')).toBe(true);
    expect(mutating()).toEqual([]);
  });

  it('dry run on a fresh account: a plan of creates, no mutating call', async () => {
    mocks.kms.onAnyCommand().resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    mocks.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    mocks.lambda
      .on(GetFunctionCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }));
    const reporter = new FakeReporter();

    const out = await runDeployLambdas({
      config,
      reporter,
      dryRun: true,
      buildOnly: false,
      clients,
      zips: ZIPS,
      steps: ownSteps,
    });

    expect(out.resources.map((r) => r.action)).toEqual(Array(6).fill('create'));
    expect(reporter.texts('step')).toContain('§7 Lambda functions (plan)');
    expect(mutating()).toEqual([]);
  });
});
