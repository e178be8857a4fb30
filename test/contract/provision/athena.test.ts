import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateWorkGroupCommand,
  type WorkGroup,
} from '@aws-sdk/client-athena';
import {
  athenaStep,
  ensureWorkgroup,
  SHARED_WORKGROUP,
} from '../../../src/aws/provision/athena.js';
import { StepRecorder } from '../../../src/aws/provision/step.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import {
  countCalls,
  deploymentContext,
  expectedTags,
  KEY_ARN,
  NAMES,
} from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const WG_ARN = `arn:aws:athena:${TEST_REGION}:${TEST_ACCOUNT}:workgroup/cci-lite-shared`;
const MUTATIONS = [CreateWorkGroupCommand, UpdateWorkGroupCommand, TagResourceCommand];
const TEN_GIB = 10_737_418_240;

function expectedConfiguration(prefix: string) {
  return {
    ResultConfiguration: {
      OutputLocation: `s3://${NAMES.stagingBucket}/${prefix}`,
      EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: KEY_ARN },
      ExpectedBucketOwner: TEST_ACCOUNT,
    },
    EnforceWorkGroupConfiguration: true,
    PublishCloudWatchMetricsEnabled: true,
    BytesScannedCutoffPerQuery: TEN_GIB,
  };
}

function goodWorkgroup(overrides: Partial<WorkGroup> = {}): WorkGroup {
  return {
    Name: 'cci-lite-shared',
    State: 'ENABLED',
    Description: 'cci-lite shared workgroup (guide §10)',
    Configuration: {
      ...expectedConfiguration('shared/'),
      RequesterPaysEnabled: false,
      EngineVersion: {
        SelectedEngineVersion: 'AUTO',
        EffectiveEngineVersion: 'Athena engine version 3',
      },
    },
    ...overrides,
  } as WorkGroup;
}

const notFound = () =>
  awsError('InvalidRequestException', 'WorkGroup cci-lite-shared is not found.');

describe('§10 Athena step', () => {
  it('creates the shared workgroup with enforced, KMS-encrypted results under shared/ and a scan cut-off', async () => {
    mocks.athena.on(GetWorkGroupCommand).rejects(notFound());
    const ctx = deploymentContext();

    const reports = await athenaStep.run(clients, ctx);

    expect(mocks.athena.commandCalls(CreateWorkGroupCommand)[0]?.args[0].input).toEqual({
      Name: 'cci-lite-shared',
      Description: 'cci-lite shared workgroup (guide §10)',
      Configuration: expectedConfiguration('shared/'),
      Tags: expectedTags('Athena'),
    });
    expect(reports).toEqual([
      {
        step: 'athena',
        type: 'Athena workgroup',
        name: 'cci-lite-shared',
        action: 'created',
        arn: WG_ARN,
      },
    ]);
    expect(ctx.outputs.get(SHARED_WORKGROUP)).toBe('cci-lite-shared');
  });

  it('makes no mutating call when the workgroup is right', async () => {
    mocks.athena.on(GetWorkGroupCommand).resolves({ WorkGroup: goodWorkgroup() });
    mocks.athena.on(ListTagsForResourceCommand).resolves({ Tags: expectedTags('Athena') });

    const reports = await athenaStep.run(clients, deploymentContext());

    expect(countCalls(mocks.athena, MUTATIONS)).toBe(0);
    expect(reports[0]?.action).toBe('unchanged');
  });

  it('re-enforces drifted settings, re-enables the workgroup and adds missing tags', async () => {
    const drifted = goodWorkgroup({
      State: 'DISABLED',
      Configuration: {
        ResultConfiguration: { OutputLocation: 's3://elsewhere/' },
        EnforceWorkGroupConfiguration: false,
        PublishCloudWatchMetricsEnabled: true,
      },
    });
    mocks.athena.on(GetWorkGroupCommand).resolves({ WorkGroup: drifted });
    mocks.athena
      .on(ListTagsForResourceCommand)
      .resolvesOnce({ Tags: expectedTags('Athena').slice(0, 2), NextToken: 't' })
      .resolves({ Tags: [] });

    const reports = await athenaStep.run(clients, deploymentContext());

    const { ResultConfiguration, ...rest } = expectedConfiguration('shared/');
    expect(mocks.athena.commandCalls(UpdateWorkGroupCommand)[0]?.args[0].input).toEqual({
      WorkGroup: 'cci-lite-shared',
      Description: 'cci-lite shared workgroup (guide §10)',
      State: 'ENABLED',
      ConfigurationUpdates: { ...rest, ResultConfigurationUpdates: ResultConfiguration },
    });
    expect(mocks.athena.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceARN: WG_ARN,
      Tags: expectedTags('Athena').slice(2),
    });
    expect(reports[0]?.action).toBe('updated');
    expect(reports[0]?.changes).toEqual(
      expect.arrayContaining([
        'state: DISABLED -> ENABLED',
        `output location: s3://elsewhere/ -> s3://${NAMES.stagingBucket}/shared/`,
        'enforce workgroup configuration: false -> true',
        `bytes scanned cut-off: (none) -> ${TEN_GIB}`,
      ]),
    );
  });

  it('gives a tenant workgroup its own prefix and the Tenant tag', async () => {
    mocks.athena
      .on(GetWorkGroupCommand)
      .rejects(awsError('InvalidRequestException', 'WorkGroup tenant-acme is not found.'));
    const ctx = deploymentContext();
    const recorder = new StepRecorder('tenant', false);

    const report = await ensureWorkgroup(
      clients,
      ctx,
      'tenant-acme',
      'tenants/acme/',
      recorder,
      'acme',
    );

    expect(mocks.athena.commandCalls(CreateWorkGroupCommand)[0]?.args[0].input).toEqual({
      Name: 'tenant-acme',
      Description: 'cci-lite workgroup of tenant acme (guide §10)',
      Configuration: expectedConfiguration('tenants/acme/'),
      Tags: expectedTags('Athena', 'acme'),
    });
    expect(report).toMatchObject({ step: 'tenant', name: 'tenant-acme', action: 'created' });
    expect(recorder.reports).toEqual([report]);
  });

  it('plans without mutating on a dry run', async () => {
    mocks.athena.on(GetWorkGroupCommand).rejects(notFound());

    const reports = await athenaStep.run(clients, deploymentContext({ dryRun: true, outputs: {} }));

    expect(countCalls(mocks.athena, MUTATIONS)).toBe(0);
    expect(reports[0]?.action).toBe('create');
  });

  it('does not take other invalid requests for a missing workgroup, and names the code', async () => {
    mocks.athena
      .on(GetWorkGroupCommand)
      .rejects(awsError('InvalidRequestException', 'Rate exceeded'));

    await expect(athenaStep.run(clients, deploymentContext())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'athena',
        resourceType: 'Athena workgroup',
        resource: 'cci-lite-shared',
        awsErrorCode: 'InvalidRequestException',
      },
    });
    expect(countCalls(mocks.athena, MUTATIONS)).toBe(0);
  });
});
