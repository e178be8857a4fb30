import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import {
  functionsStep,
  JOB_INIT_FUNCTION_ARN,
  RESULT_HANDLER_FUNCTION_ARN,
} from '../../../src/aws/lambda/deploy/functions.js';
import { handlerEnvironment } from '../../../src/aws/lambda/handler-env.js';
import { HANDLER_IDS, type HandlerId } from '../../../src/aws/lambda/lambda-specs.js';
import { CciError } from '../../../src/core/errors.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, KEY_ARN } from '../provision/data-plane-fixture.js';
import {
  deployedConfiguration,
  expectedEnvironment,
  expectedTagRecord,
  fakeZip,
  FN_ARN,
  NAMES,
  recordingSleep,
  ROLE_ARN,
  SETTINGS,
  ZIPS,
} from './functions-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const MUTATIONS = [
  CreateFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
];
const mutatingCalls = () => countCalls(mocks.lambda, MUTATIONS);

function step(sleep = recordingSleep().sleep, zips = ZIPS) {
  return functionsStep(zips, { wait: { sleep }, propagationDelaysMs: [0, 0, 0] });
}

/** Both functions deployed; `configs` overrides what GetFunction reports per function. */
function deployed(
  configs: Partial<Record<HandlerId, Partial<FunctionConfiguration>>> = {},
  concurrency: Partial<Record<HandlerId, number | undefined>> = {},
  tags: Partial<Record<HandlerId, Record<string, string>>> = {},
) {
  for (const id of HANDLER_IDS) {
    const config = deployedConfiguration(id, configs[id]);
    const name = NAMES[id];
    mocks.lambda.on(GetFunctionCommand, { FunctionName: name }).resolves({ Configuration: config });
    mocks.lambda
      .on(ListTagsCommand, { Resource: FN_ARN(name) })
      .resolves({ Tags: tags[id] ?? expectedTagRecord(id) });
    mocks.lambda.on(GetFunctionConcurrencyCommand, { FunctionName: name }).resolves({
      ReservedConcurrentExecutions: id in concurrency ? concurrency[id] : SETTINGS[id].concurrency,
    });
    mocks.lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: name })
      .resolves(deployedConfiguration(id));
  }
}

function freshAccount() {
  mocks.lambda
    .on(GetFunctionCommand)
    .rejects(awsError('ResourceNotFoundException', 'not found', 404));
  for (const id of HANDLER_IDS) {
    mocks.lambda
      .on(CreateFunctionCommand, { FunctionName: NAMES[id] })
      .resolves({ FunctionArn: FN_ARN(NAMES[id]), State: 'Pending' });
    mocks.lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: NAMES[id] })
      .resolvesOnce(deployedConfiguration(id, { State: 'Pending' }))
      .resolves(deployedConfiguration(id));
  }
  mocks.lambda.on(PutFunctionConcurrencyCommand).resolves({});
}

describe('§7 Lambda functions step: create', () => {
  it('creates both functions with the exact settings, waits until Active, reserves concurrency', async () => {
    freshAccount();
    const { sleep, pauses } = recordingSleep();
    const ctx = deploymentContext();

    const reports = await step(sleep).run(clients, ctx);

    const creates = mocks.lambda.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input);
    expect(creates).toHaveLength(2);
    for (const [i, id] of HANDLER_IDS.entries()) {
      expect(creates[i]).toEqual({
        FunctionName: NAMES[id],
        Runtime: 'nodejs22.x',
        Role: ROLE_ARN,
        Handler: 'index.handler',
        Description: deployedConfiguration(id).Description,
        Timeout: SETTINGS[id].timeout,
        MemorySize: SETTINGS[id].memory,
        Environment: { Variables: expectedEnvironment(id) },
        KMSKeyArn: KEY_ARN,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'INFO',
          LogGroup: `/aws/lambda/${NAMES[id]}`,
        },
        Architectures: ['arm64'],
        Code: { ZipFile: ZIPS[i]?.zip },
        PackageType: 'Zip',
        Tags: expectedTagRecord(id),
        Publish: false,
      });
    }
    // The environment is exactly what handlers parse with parseHandlerEnv (one contract).
    expect(creates[1]?.Environment?.Variables).toEqual({
      ...handlerEnvironment({
        config: ctx.config,
        names: ctx.names,
        accountId: TEST_ACCOUNT,
        region: TEST_REGION,
        partition: 'aws',
        kmsKeyArn: KEY_ARN,
        serviceName: 'cci-lite-result-handler',
      }),
      NODE_OPTIONS: '--enable-source-maps',
    });
    // One Pending answer each, then Active: one pause per function, no real waiting.
    expect(mocks.lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(4);
    expect(pauses).toHaveLength(2);
    // A new function has no reserved concurrency to read.
    expect(mocks.lambda).not.toHaveReceivedCommand(GetFunctionConcurrencyCommand);
    expect(
      mocks.lambda.commandCalls(PutFunctionConcurrencyCommand).map((c) => c.args[0].input),
    ).toEqual([
      { FunctionName: 'cci-lite-job-init', ReservedConcurrentExecutions: 10 },
      { FunctionName: 'cci-lite-result-handler', ReservedConcurrentExecutions: 40 },
    ]);
    expect(reports.map((r) => [r.type, r.name, r.action, r.arn])).toEqual([
      ['Lambda function', 'cci-lite-job-init', 'created', FN_ARN('cci-lite-job-init')],
      ['Lambda reserved concurrency', 'cci-lite-job-init', 'created', FN_ARN('cci-lite-job-init')],
      ['Lambda function', 'cci-lite-result-handler', 'created', FN_ARN('cci-lite-result-handler')],
      [
        'Lambda reserved concurrency',
        'cci-lite-result-handler',
        'created',
        FN_ARN('cci-lite-result-handler'),
      ],
    ]);
    expect(ctx.outputs.get(JOB_INIT_FUNCTION_ARN)).toBe(FN_ARN('cci-lite-job-init'));
    expect(ctx.outputs.get(RESULT_HANDLER_FUNCTION_ARN)).toBe(FN_ARN('cci-lite-result-handler'));
  });

  it('finds the key by its alias when no earlier step left its ARN', async () => {
    freshAccount();
    mocks.kms
      .on(DescribeKeyCommand, { KeyId: 'alias/cci-lite-master-key' })
      .resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    const ctx = deploymentContext({ outputs: {} });

    await step().run(clients, ctx);

    expect(mocks.kms).toHaveReceivedCommandTimes(DescribeKeyCommand, 1);
    const create = mocks.lambda.commandCalls(CreateFunctionCommand)[0]?.args[0].input;
    expect(create?.KMSKeyArn).toBe(KEY_ARN);
    expect(create?.Environment?.Variables?.KMS_KEY_ARN).toBe(KEY_ARN);
  });

  it('retries while the fresh role is not yet assumable by Lambda', async () => {
    freshAccount();
    const notYet = awsError(
      'InvalidParameterValueException',
      'The role defined for the function cannot be assumed by Lambda.',
    );
    mocks.lambda
      .on(CreateFunctionCommand, { FunctionName: 'cci-lite-job-init' })
      .rejectsOnce(notYet)
      .rejectsOnce(notYet)
      .resolves({ FunctionArn: FN_ARN('cci-lite-job-init') });

    const reports = await step().run(clients, deploymentContext());

    const names = mocks.lambda
      .commandCalls(CreateFunctionCommand)
      .map((c) => c.args[0].input.FunctionName);
    expect(names).toEqual([
      'cci-lite-job-init',
      'cci-lite-job-init',
      'cci-lite-job-init',
      'cci-lite-result-handler',
    ]);
    expect(reports[0]?.action).toBe('created');
  });

  it('reports a role that never becomes assumable as the operator’s to fix', async () => {
    freshAccount();
    mocks.lambda
      .on(CreateFunctionCommand)
      .rejects(
        awsError(
          'InvalidParameterValueException',
          'The role defined for the function cannot be assumed by Lambda.',
        ),
      );

    const err = await step()
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CciError);
    expect(err).toMatchObject({ code: 'LAMBDA_ROLE_NOT_ASSUMABLE', fault: 'user' });
    expect((err as CciError).hint).toContain('cci-lite init --target aws');
    // The first attempt and one per pause.
    expect(mocks.lambda.commandCalls(CreateFunctionCommand)).toHaveLength(4);
  });

  it('does not retry another invalid parameter', async () => {
    freshAccount();
    mocks.lambda
      .on(CreateFunctionCommand)
      .rejects(
        awsError(
          'InvalidParameterValueException',
          'Unzipped size must be smaller than 262144000 bytes',
        ),
      );

    const err = await step()
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'PROVISION_FAILED' });
    expect((err as CciError).message).toContain('InvalidParameterValueException');
    expect(mocks.lambda.commandCalls(CreateFunctionCommand)).toHaveLength(1);
  });

  it('fails with Lambda’s reason when the new function ends Failed', async () => {
    freshAccount();
    mocks.lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: 'cci-lite-job-init' })
      .resolves(
        deployedConfiguration('job-init', {
          State: 'Failed',
          StateReasonCode: 'InvalidZipFileException',
          StateReason: 'Could not unzip uploaded file.',
        }),
      );

    const err = await step()
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'LAMBDA_FAILED' });
    expect((err as CciError).message).toContain('InvalidZipFileException: Could not unzip');
  });

  it('gives up waiting after the last pause', async () => {
    freshAccount();
    mocks.lambda
      .on(GetFunctionConfigurationCommand)
      .resolves(deployedConfiguration('job-init', { State: 'Pending' }));
    const { sleep, pauses } = recordingSleep();

    const err = await functionsStep(ZIPS, { wait: { sleep, delaysMs: [5, 5] } })
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'LAMBDA_WAIT_TIMEOUT' });
    expect(pauses).toEqual([5, 5]);
  });

  it('fails clearly when a handler’s zip is missing', async () => {
    freshAccount();
    const err = await step(undefined, [fakeZip('job-init')])
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LAMBDA_ZIP_MISSING' });
  });
});

describe('§7 Lambda functions step: existing functions', () => {
  it('an unchanged build on an unchanged deployment makes no mutating call', async () => {
    deployed();
    const ctx = deploymentContext();

    const reports = await step().run(clients, ctx);

    expect(mutatingCalls()).toBe(0);
    expect(mocks.lambda).not.toHaveReceivedCommand(GetFunctionConfigurationCommand);
    expect(reports.map((r) => [r.type, r.name, r.action])).toEqual([
      ['Lambda function', 'cci-lite-job-init', 'unchanged'],
      ['Lambda reserved concurrency', 'cci-lite-job-init', 'unchanged'],
      ['Lambda function', 'cci-lite-result-handler', 'unchanged'],
      ['Lambda reserved concurrency', 'cci-lite-result-handler', 'unchanged'],
    ]);
    expect(ctx.outputs.get(RESULT_HANDLER_FUNCTION_ARN)).toBe(FN_ARN('cci-lite-result-handler'));
  });

  it('new code: UpdateFunctionCode only, then waits for the update', async () => {
    deployed();
    const zips = [ZIPS[0]!, fakeZip('result-handler', 'result-handler build 2')];
    mocks.lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: 'cci-lite-result-handler' })
      .resolvesOnce(deployedConfiguration('result-handler', { LastUpdateStatus: 'InProgress' }))
      .resolves(deployedConfiguration('result-handler'));
    const { sleep, pauses } = recordingSleep();

    const reports = await step(sleep, zips).run(clients, deploymentContext());

    expect(
      mocks.lambda.commandCalls(UpdateFunctionCodeCommand).map((c) => c.args[0].input),
    ).toEqual([
      {
        FunctionName: 'cci-lite-result-handler',
        ZipFile: zips[1]?.zip,
        Architectures: ['arm64'],
        Publish: false,
      },
    ]);
    expect(mutatingCalls()).toBe(1);
    expect(pauses).toHaveLength(1);
    expect(reports[2]).toMatchObject({
      name: 'cci-lite-result-handler',
      action: 'updated',
      changes: [`code sha256: ${ZIPS[1]?.sha256} -> ${zips[1]?.sha256}`],
    });
  });

  it('an x86_64 function gets the code again with arm64 (only UpdateFunctionCode sets it)', async () => {
    deployed({ 'job-init': { Architectures: ['x86_64'] } });

    const reports = await step().run(clients, deploymentContext());

    expect(mocks.lambda).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, {
      FunctionName: 'cci-lite-job-init',
      Architectures: ['arm64'],
    });
    expect(mutatingCalls()).toBe(1);
    expect(reports[0]?.changes).toEqual(['architectures: x86_64 -> arm64']);
  });

  it('timeout drift: UpdateFunctionConfiguration with exactly that change', async () => {
    deployed({ 'job-init': { Timeout: 60 } });

    const reports = await step().run(clients, deploymentContext());

    expect(
      mocks.lambda.commandCalls(UpdateFunctionConfigurationCommand).map((c) => c.args[0].input),
    ).toEqual([{ FunctionName: 'cci-lite-job-init', Timeout: 120 }]);
    expect(mutatingCalls()).toBe(1);
    expect(mocks.lambda).toHaveReceivedCommandWith(GetFunctionConfigurationCommand, {
      FunctionName: 'cci-lite-job-init',
    });
    expect(reports[0]).toMatchObject({ action: 'updated', changes: ['Timeout: 60 -> 120'] });
  });

  it('environment, key, tracing and logging drift: each sent whole, all in one update', async () => {
    const env = { ...expectedEnvironment('result-handler'), LOG_LEVEL: 'DEBUG', EXTRA: 'x' };
    deployed({
      'result-handler': {
        Environment: { Variables: env },
        KMSKeyArn: undefined,
        TracingConfig: { Mode: 'PassThrough' },
        LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/cci-lite-result-handler' },
      },
    });

    const reports = await step().run(clients, deploymentContext());

    expect(
      mocks.lambda.commandCalls(UpdateFunctionConfigurationCommand).map((c) => c.args[0].input),
    ).toEqual([
      {
        FunctionName: 'cci-lite-result-handler',
        Environment: { Variables: expectedEnvironment('result-handler') },
        KMSKeyArn: KEY_ARN,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'INFO',
          LogGroup: '/aws/lambda/cci-lite-result-handler',
        },
      },
    ]);
    expect(reports[2]?.changes).toEqual([
      'env EXTRA: x -> (none)',
      'env LOG_LEVEL: DEBUG -> INFO',
      `KMSKeyArn: (none) -> ${KEY_ARN}`,
      'tracing: PassThrough -> Active',
      'logging LogFormat: Text -> JSON',
      'logging ApplicationLogLevel: (none) -> INFO',
      'logging SystemLogLevel: (none) -> INFO',
    ]);
  });

  it('code and configuration both: code first, awaited, then configuration', async () => {
    deployed({ 'job-init': { MemorySize: 512 } });
    const zips = [fakeZip('job-init', 'job-init build 2'), ZIPS[1]!];

    await step(undefined, zips).run(clients, deploymentContext());

    const order = mocks.lambda
      .calls()
      .map((c) => (c.args[0] as object).constructor.name)
      .filter((n) => /Update|GetFunctionConfiguration/.test(n));
    expect(order).toEqual([
      'UpdateFunctionCodeCommand',
      'GetFunctionConfigurationCommand',
      'UpdateFunctionConfigurationCommand',
      'GetFunctionConfigurationCommand',
    ]);
    expect(mocks.lambda).toHaveReceivedCommandWith(UpdateFunctionConfigurationCommand, {
      FunctionName: 'cci-lite-job-init',
      MemorySize: 1024,
    });
  });

  it('waits for a function an interrupted run left busy before updating it', async () => {
    deployed({ 'job-init': { Timeout: 60, LastUpdateStatus: 'InProgress' } });
    const { sleep, pauses } = recordingSleep();
    mocks.lambda
      .on(GetFunctionConfigurationCommand, { FunctionName: 'cci-lite-job-init' })
      .resolvesOnce(deployedConfiguration('job-init', { LastUpdateStatus: 'InProgress' }))
      .resolves(deployedConfiguration('job-init'));

    await step(sleep).run(clients, deploymentContext());

    const calls = mocks.lambda.calls().map((c) => (c.args[0] as object).constructor.name);
    const update = calls.indexOf('UpdateFunctionConfigurationCommand');
    expect(
      calls.slice(0, update).filter((n) => n === 'GetFunctionConfigurationCommand'),
    ).toHaveLength(2);
    expect(pauses).toHaveLength(1);
  });

  it('missing or changed tags: TagResource with just those', async () => {
    const tags = { ...expectedTagRecord('job-init'), Version: 'v0.9', Team: 'theirs' };
    delete (tags as Record<string, string | undefined>).CostCenter;
    deployed({}, {}, { 'job-init': tags });

    const reports = await step().run(clients, deploymentContext());

    expect(mocks.lambda.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
      {
        Resource: FN_ARN('cci-lite-job-init'),
        Tags: {
          CostCenter: expectedTagRecord('job-init').CostCenter,
          Version: expectedTagRecord('job-init').Version,
        },
      },
    ]);
    expect(mutatingCalls()).toBe(1);
    expect(reports[0]?.action).toBe('updated');
  });

  it('reserved concurrency drift or absence: PutFunctionConcurrency', async () => {
    deployed({}, { 'job-init': 5, 'result-handler': undefined });

    const reports = await step().run(clients, deploymentContext());

    expect(
      mocks.lambda.commandCalls(PutFunctionConcurrencyCommand).map((c) => c.args[0].input),
    ).toEqual([
      { FunctionName: 'cci-lite-job-init', ReservedConcurrentExecutions: 10 },
      { FunctionName: 'cci-lite-result-handler', ReservedConcurrentExecutions: 40 },
    ]);
    expect(mutatingCalls()).toBe(2);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'updated', 'unchanged', 'created']);
    expect(reports[1]?.changes).toEqual(['reserved concurrency: 5 -> 10']);
  });

  it('an account whose quota cannot hold the reservation gets a quota hint', async () => {
    deployed({}, { 'job-init': 5 });
    mocks.lambda
      .on(PutFunctionConcurrencyCommand)
      .rejects(
        awsError(
          'InvalidParameterValueException',
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
        ),
      );

    const err = await step()
      .run(clients, deploymentContext())
      .catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'LAMBDA_CONCURRENCY_QUOTA', fault: 'user' });
    expect((err as CciError).hint).toContain('Concurrent executions');
  });
});

describe('§7 Lambda functions step: dry run', () => {
  it('plans both functions on a fresh account without a mutating call', async () => {
    mocks.lambda.on(GetFunctionCommand).rejects(awsError('ResourceNotFoundException'));

    const reports = await step().run(clients, deploymentContext({ dryRun: true }));

    expect(mutatingCalls()).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create', 'create']);
  });

  it('plans the updates of a drifted deployment with their changes', async () => {
    deployed({ 'job-init': { Timeout: 60 } }, { 'result-handler': 1 });
    const zips = [ZIPS[0]!, fakeZip('result-handler', 'result-handler build 2')];

    const reports = await step(undefined, zips).run(clients, deploymentContext({ dryRun: true }));

    expect(mutatingCalls()).toBe(0);
    expect(reports.map((r) => [r.name, r.action, r.changes?.length ?? 0])).toEqual([
      ['cci-lite-job-init', 'update', 1],
      ['cci-lite-job-init', 'unchanged', 0],
      ['cci-lite-result-handler', 'update', 1],
      ['cci-lite-result-handler', 'update', 1],
    ]);
  });
});
