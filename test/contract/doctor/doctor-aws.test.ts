import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { GetTableCommand, GetTagsCommand } from '@aws-sdk/client-glue';
import { ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ATHENA_RESULT_COLUMNS } from '../../../src/analytics/relations.js';
import { runAwsDoctor } from '../../../src/aws/ops/doctor-aws.js';
import { expectedResources } from '../../../src/aws/ops/doctor-tags.js';
import type { DeploymentContext } from '../../../src/aws/provision/step.js';
import { deriveResourceNames } from '../../../src/core/config/resource-names.js';
import { ConfigSchema, DEFAULT_BEDROCK_MODEL } from '../../../src/core/config/schema.js';
import { standardTags } from '../../../src/core/config/tags.js';
import type { ConfigItem } from '../../../src/pipeline/ports.js';
import { loadDefaultTemplate } from '../../../src/local/bundled-files.js';
import { awsError, mockAws, TEST_ACCOUNT, TEST_REGION } from '../../helpers/aws-mocks.js';
import { runCliCaptured } from '../../helpers/capture-io.js';

const aws = mockAws();
const doc = mockClient(DynamoDBDocumentClient);
const NAMES = deriveResourceNames(TEST_ACCOUNT, TEST_REGION);
const config = ConfigSchema.parse({ target: 'aws', region: TEST_REGION });
const NOW = new Date('2026-03-01T12:00:00Z');
const DLQ_URL = `https://sqs.${TEST_REGION}.amazonaws.com/${TEST_ACCOUNT}/${NAMES.deadLetterQueue}`;
const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/1234`;
let items: Map<string, ConfigItem>;

function deployment(): DeploymentContext {
  return {
    config,
    accountId: TEST_ACCOUNT,
    region: TEST_REGION,
    partition: 'aws',
    names: NAMES,
    dryRun: false,
    tags: (component, tenant) => standardTags(config, component, tenant),
    outputs: new Map(),
  };
}

const doctor = (only: string[], tenant?: string) =>
  runAwsDoctor(
    { config, clients: aws.clients, deployment: deployment() },
    { only, now: () => NOW, ...(tenant === undefined ? {} : { tenant }) },
  );
const one = async (id: string) => (await doctor([id])).checks[0];

async function putTenant(id: string, meta: Record<string, unknown> = {}): Promise<void> {
  const template = await loadDefaultTemplate();
  items.set(`TENANT#${id}|META#v1`, {
    pk: `TENANT#${id}`,
    sk: 'META#v1',
    name: id,
    bedrockModel: config.bedrockModel,
    createdAt: '2026-01-01T00:00:00Z',
    ...meta,
  });
  items.set(`TENANT#${id}|QA_TEMPLATE#v1`, {
    pk: `TENANT#${id}`,
    sk: 'QA_TEMPLATE#v1',
    ...template,
    version: 'v1',
  });
}

const allTags = (tenant?: string) =>
  standardTags(config, 'S3-Input', tenant).map((t) => ({ Key: t.Key, Value: t.Value }));

/** A deployment where every check is ok. */
function healthy(): void {
  doc.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    const item = items.get(`${input.Key.pk}|${input.Key.sk}`);
    return item === undefined ? {} : { Item: structuredClone(item) };
  });
  doc.on(ScanCommand).callsFake(() => ({
    Items: [...items.values()].filter((i) => i.sk === 'META#v1'),
  }));
  aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
    Environment: { Variables: { QA_TEMPLATE_KEY: 'QA_TEMPLATE#v1' } },
  });
  aws.mocks.bedrock.on(ConverseCommand).resolves({
    output: { message: { role: 'assistant', content: [{ text: 'pong' }] } },
    stopReason: 'max_tokens',
  });
  aws.mocks.glue.on(GetTableCommand).resolves({
    Table: {
      Name: 'results',
      StorageDescriptor: {
        Columns: ATHENA_RESULT_COLUMNS.filter((c) => c.name !== 'tenant_id').map((c) => ({
          Name: c.name,
          Type: c.type,
        })),
      },
      PartitionKeys: [{ Name: 'tenant_id', Type: 'string' }],
    },
  });
  aws.mocks.glue
    .on(GetTagsCommand)
    .resolves({ Tags: Object.fromEntries(allTags().map((t) => [t.Key, t.Value])) });
  aws.mocks.sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: DLQ_URL });
  aws.mocks.sqs.on(GetQueueAttributesCommand).resolves({
    Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' },
  });
  aws.mocks.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
  aws.mocks.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: '1234', Arn: KEY_ARN } });
  aws.mocks.tagging.on(GetResourcesCommand).callsFake((input: { ResourceARNList?: string[] }) => ({
    ResourceTagMappingList: (input.ResourceARNList ?? []).map((arn) => ({
      ResourceARN: arn,
      Tags: allTags(arn.includes(':workgroup/tenant-') ? arn.split('tenant-')[1] : undefined),
    })),
  }));
  aws.mocks.iam.on(ListRoleTagsCommand).resolves({ Tags: allTags() });
  aws.mocks.sts.on(GetCallerIdentityCommand).resolves({
    Account: TEST_ACCOUNT,
    Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ops`,
  });
}

beforeEach(async () => {
  aws.reset();
  doc.reset();
  items = new Map();
  await putTenant('acme');
  healthy();
});
afterAll(() => {
  aws.restore();
  doc.restore();
});

describe('doctor --target aws', () => {
  it('a healthy deployment: every check ok', async () => {
    const report = await doctor([]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['qa-templates', 'ok'],
      ['qa-template-key', 'ok'],
      ['bedrock-model', 'ok'],
      ['curated-table', 'ok'],
      ['dlq', 'ok'],
      ['comprehend-throttling', 'ok'],
      ['tags', 'ok'],
    ]);
    expect(report.ok).toBe(true);
  });

  describe('qa-templates and qa-template-key (guide §16 "No QA in JSON")', () => {
    it("reads META and the active version's item, and fails on a missing one with the push command", async () => {
      await putTenant('beta', { activeTemplateVersion: 'v2' });
      const check = await one('qa-templates');
      expect(check).toMatchObject({
        status: 'fail',
        detail:
          "1 of 2 tenant(s): TENANT#beta / QA_TEMPLATE#v2: missing (the version comes from META's activeTemplateVersion)",
        hint: 'Push the template: `cci-lite qa-template push <file> --tenant beta --version v2`.',
      });
      const gets = doc.commandCalls(GetCommand).map((c) => c.args[0].input);
      expect(gets).toContainEqual({
        TableName: NAMES.configTable,
        Key: { pk: 'TENANT#beta', sk: 'QA_TEMPLATE#v2' },
        ConsistentRead: true,
      });
    });

    it('the function missing is a warning saying deploy-lambdas', async () => {
      aws.mocks.lambda
        .on(GetFunctionConfigurationCommand)
        .rejects(awsError('ResourceNotFoundException', 'Function not found', 404));
      const check = await one('qa-template-key');
      expect(check?.status).toBe('warn');
      expect(check?.detail).toBe(
        `function ${NAMES.resultHandlerFunction} does not exist: run cci-lite deploy-lambdas`,
      );
      expect(
        aws.mocks.lambda.commandCalls(GetFunctionConfigurationCommand)[0]?.args[0].input,
      ).toEqual({
        FunctionName: NAMES.resultHandlerFunction,
      });
    });

    it("a key other than the config's fails; a fallback tenant without the key's item fails", async () => {
      aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
        Environment: { Variables: { QA_TEMPLATE_KEY: 'QA_TEMPLATE#v3' } },
      });
      expect(await one('qa-template-key')).toMatchObject({
        status: 'fail',
        detail: `${NAMES.resultHandlerFunction} has QA_TEMPLATE_KEY=QA_TEMPLATE#v3, the config's qaTemplateKey is QA_TEMPLATE#v1`,
        hint: expect.stringContaining('cci-lite deploy-lambdas'),
      });
      aws.mocks.lambda.on(GetFunctionConfigurationCommand).resolves({
        Environment: { Variables: { QA_TEMPLATE_KEY: 'QA_TEMPLATE#v1' } },
      });
      items.delete('TENANT#acme|QA_TEMPLATE#v1');
      expect(await one('qa-template-key')).toMatchObject({
        status: 'fail',
        detail:
          'QA_TEMPLATE_KEY=QA_TEMPLATE#v1, but tenant(s) acme have no active version and no QA_TEMPLATE#v1 item',
      });
    });
  });

  describe('bedrock-model', () => {
    it('sends one tiny Converse request per distinct model (config and tenants)', async () => {
      await putTenant('beta', { bedrockModel: 'eu.amazon.nova-lite-v1:0' });
      const check = await one('bedrock-model');
      expect(check?.status).toBe('ok');
      expect(check?.detail).toBe(
        `${DEFAULT_BEDROCK_MODEL} (config, tenant acme) answered; eu.amazon.nova-lite-v1:0 (tenant beta) answered (region ${TEST_REGION})`,
      );
      const inputs = aws.mocks.bedrock.commandCalls(ConverseCommand).map((c) => c.args[0].input);
      expect(inputs.map((i) => i.modelId)).toEqual([
        DEFAULT_BEDROCK_MODEL,
        'eu.amazon.nova-lite-v1:0',
      ]);
      expect(inputs[0]).toMatchObject({
        messages: [{ role: 'user', content: [{ text: 'ping' }] }],
        inferenceConfig: { maxTokens: 5, temperature: 0 },
        toolConfig: { toolChoice: { tool: { name: 'answer' } } },
      });
    });

    it('an end-of-life model fails with the fix: an active profile in config and tenant, then deploy-lambdas', async () => {
      await putTenant('legacy', { bedrockModel: 'anthropic.claude-3-haiku-20240307-v1:0' });
      aws.mocks.bedrock
        .on(ConverseCommand, { modelId: 'anthropic.claude-3-haiku-20240307-v1:0' })
        .rejects(
          awsError(
            'ValidationException',
            'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
          ),
        );
      const check = await one('bedrock-model');
      expect(check?.status).toBe('fail');
      expect(check?.detail).toContain(
        'anthropic.claude-3-haiku-20240307-v1:0 (tenant legacy): ValidationException: This model version has reached the end of its life.',
      );
      expect(check?.hint).toBe(
        "The model may have reached end of life or need an inference profile: the guide's anthropic.claude-3-haiku-20240307-v1:0 " +
          `did (AWS-NOTES "Bedrock"). Use an active inference profile such as ${DEFAULT_BEDROCK_MODEL}: ` +
          `\`cci-lite tenant add legacy --model ${DEFAULT_BEDROCK_MODEL}\`; then run \`cci-lite deploy-lambdas\`.`,
      );
    });

    it('ResourceNotFound on the config model names the config field; AccessDenied says model access', async () => {
      aws.mocks.bedrock
        .on(ConverseCommand)
        .rejects(awsError('ResourceNotFoundException', 'Model not found', 404));
      const gone = await one('bedrock-model');
      expect(gone?.status).toBe('fail');
      expect(gone?.hint).toContain(
        `set "bedrockModel": "${DEFAULT_BEDROCK_MODEL}" in cci-lite.config.json`,
      );
      aws.mocks.bedrock
        .on(ConverseCommand)
        .rejects(awsError('AccessDeniedException', 'You do not have access to the model'));
      const denied = await one('bedrock-model');
      expect(denied?.status).toBe('fail');
      expect(denied?.hint).toMatch(/^Enable model access in the Bedrock console/);
    });
  });

  describe('curated-table (guide §16 "Crawler mis-types arrays")', () => {
    it('lists a mistyped, a missing and an extra column', async () => {
      aws.mocks.glue.on(GetTableCommand).resolves({
        Table: {
          Name: 'results',
          StorageDescriptor: {
            Columns: [
              ...ATHENA_RESULT_COLUMNS.filter(
                (c) => !['qa_evaluation', 'metadata'].includes(c.name),
              ).map((c) => ({ Name: c.name, Type: c.type })),
              { Name: 'qa_evaluation', Type: 'struct<criteria:array<struct<id:string>>>' },
              { Name: 'partition_0', Type: 'string' },
            ],
          },
        },
      });
      const check = await one('curated-table');
      expect(check).toMatchObject({
        status: 'fail',
        detail:
          'cci-lite-db.results: missing metadata; qa_evaluation is struct<criteria:array<struct<id:string>>>, expected string; extra partition_0',
        hint: expect.stringContaining('cci-lite init --target aws'),
      });
      expect(aws.mocks.glue.commandCalls(GetTableCommand)[0]?.args[0].input).toEqual({
        DatabaseName: 'cci-lite-db',
        Name: 'results',
      });
    });

    it('a missing table fails with init', async () => {
      aws.mocks.glue
        .on(GetTableCommand)
        .rejects(awsError('EntityNotFoundException', 'Table not found'));
      expect(await one('curated-table')).toMatchObject({
        status: 'fail',
        detail: 'table cci-lite-db.results does not exist',
        hint: expect.stringMatching(/^Run `cci-lite init --target aws`/),
      });
    });
  });

  describe('dlq', () => {
    it('empty: ok without receiving anything', async () => {
      expect((await one('dlq'))?.status).toBe('ok');
      expect(aws.mocks.sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
      expect(aws.mocks.sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input).toEqual({
        QueueUrl: DLQ_URL,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      });
    });

    it('peeks up to 10 with VisibilityTimeout 0 and groups reasons by code', async () => {
      aws.mocks.sqs.on(GetQueueAttributesCommand).resolves({
        Attributes: {
          ApproximateNumberOfMessages: '12',
          ApproximateNumberOfMessagesNotVisible: '1',
        },
      });
      const reason = (text: string) => ({
        Body: '{}',
        MessageAttributes: { reason: { DataType: 'String', StringValue: text } },
      });
      aws.mocks.sqs.on(ReceiveMessageCommand).resolves({
        Messages: [
          reason('BEDROCK_MODEL_UNAVAILABLE: Bedrock model x cannot be used: end of life'),
          reason('TEMPLATE_NOT_FOUND: No QA template QA_TEMPLATE#v2 for tenant "a".'),
          reason('BEDROCK_MODEL_UNAVAILABLE: Bedrock model y cannot be used'),
          { Body: '{}' },
        ],
      });
      const check = await one('dlq');
      expect(check).toEqual({
        id: 'dlq',
        title: 'Dead-letter queue depth and top reasons',
        status: 'warn',
        detail:
          '13 dead letter(s): BEDROCK_MODEL_UNAVAILABLE ×2, (no reason recorded: moved by SQS redrive after 3 receives) ×1, TEMPLATE_NOT_FOUND ×1 (top reasons of 4 peeked)',
        hint: expect.stringContaining('`cci-lite dlq list`'),
      });
      expect(aws.mocks.sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toEqual({
        QueueUrl: DLQ_URL,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      });
    });
  });

  describe('comprehend-throttling (guide §16)', () => {
    it('sums the last 24 h of ComprehendThrottles of the result handler', async () => {
      expect((await one('comprehend-throttling'))?.status).toBe('ok');
      expect(
        aws.mocks.cloudwatch.commandCalls(GetMetricStatisticsCommand)[0]?.args[0].input,
      ).toEqual({
        Namespace: 'cci-lite',
        MetricName: 'ComprehendThrottles',
        Dimensions: [{ Name: 'service', Value: 'cci-lite-result-handler' }],
        StartTime: new Date('2026-02-28T12:00:00Z'),
        EndTime: NOW,
        Period: 3600,
        Statistics: ['Sum'],
      });
      aws.mocks.cloudwatch
        .on(GetMetricStatisticsCommand)
        .resolves({ Datapoints: [{ Sum: 3 }, { Sum: 4 }] });
      const check = await one('comprehend-throttling');
      expect(check?.status).toBe('warn');
      expect(check?.detail).toBe(
        '7 throttled Comprehend call(s) in the last 24 h (cci-lite/ComprehendThrottles)',
      );
      expect(check?.hint).toMatch(/reserved concurrency .*Comprehend quota/);
    });
  });

  describe('tags', () => {
    it('asks the tagging API for the deployment ARNs (not IAM roles) and IAM for the roles', async () => {
      await one('tags');
      const arns =
        aws.mocks.tagging.commandCalls(GetResourcesCommand)[0]?.args[0].input.ResourceARNList ?? [];
      expect(arns).toContain(`arn:aws:s3:::${NAMES.resultsBucket}`);
      expect(arns).toContain(KEY_ARN);
      expect(arns).toContain(`arn:aws:athena:${TEST_REGION}:${TEST_ACCOUNT}:workgroup/tenant-acme`);
      expect(arns.some((a) => a.includes(':iam::'))).toBe(false);
      expect(
        aws.mocks.iam.commandCalls(ListRoleTagsCommand).map((c) => c.args[0].input.RoleName),
      ).toEqual([NAMES.lambdaRole, NAMES.glueRole, NAMES.quicksightRole, NAMES.transcribeRole]);
      expect(expectedResources(deployment(), ['acme'], KEY_ARN)).toHaveLength(arns.length + 5);
    });

    it('lists each resource missing a key, an untagged one, and a role without tags', async () => {
      aws.mocks.tagging
        .on(GetResourcesCommand)
        .callsFake((input: { ResourceARNList?: string[] }) => ({
          ResourceTagMappingList: (input.ResourceARNList ?? [])
            .filter((arn) => !arn.endsWith(`:${NAMES.analysisQueue}`))
            .map((arn) => ({
              ResourceARN: arn,
              Tags: arn.includes(NAMES.inputBucket)
                ? allTags().filter((t) => t.Key !== 'Owner' && t.Key !== 'CostCenter')
                : allTags(arn.includes('tenant-') ? 'acme' : undefined),
            })),
        }));
      aws.mocks.iam.on(ListRoleTagsCommand, { RoleName: NAMES.glueRole }).resolves({ Tags: [] });
      const check = await one('tags');
      expect(check?.status).toBe('warn');
      expect(check?.detail).toMatch(
        new RegExp(
          `^3 resource\\(s\\) lack tags: ${NAMES.inputBucket} \\(missing Owner, CostCenter\\); ` +
            `${NAMES.analysisQueue} \\(no tags, or it does not exist\\); ${NAMES.glueRole} \\(no tags, or it does not exist\\)`,
        ),
      );
      expect(check?.hint).toContain('cci-lite init --target aws');
    });
  });

  it('checks are independent: one AccessDenied becomes a failed row, the others run', async () => {
    aws.mocks.glue
      .on(GetTableCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to glue:GetTable'));
    const report = await doctor(['curated-table', 'dlq']);
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({
      status: 'fail',
      detail: 'AccessDeniedException: not authorized to glue:GetTable',
      hint: expect.stringContaining('glue:GetTable'),
    });
    expect(report.checks[1]?.status).toBe('ok');
  });
});

describe('cci-lite doctor --target aws (command)', () => {
  // A directory without cci-lite.config.json: the flags alone set the target.
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'cci-doctor-aws-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints the table and exits 0 when nothing failed (warnings allowed)', async () => {
    aws.mocks.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 2 }] });
    const run = await runCliCaptured(
      ['doctor', '--target', 'aws', '--check', 'dlq', '--check', 'comprehend-throttling'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dlq\s*│\s*OK/);
    expect(run.stdout).toMatch(/comprehend-throttling\s*│\s*WARN\s*│\s*2 throttled/);
    expect(run.stdout).toContain('Hints:');
    expect(run.stdout).toContain('0 failed, 1 warning(s) (of 2 checks)');
  });

  it('exits 1 with DOCTOR_FAILED naming the failed checks; --json carries the report', async () => {
    aws.mocks.glue.on(GetTableCommand).rejects(awsError('EntityNotFoundException', 'no table'));
    const run = await runCliCaptured([
      'doctor',
      '--target',
      'aws',
      '--check',
      'curated-table',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      ok: boolean;
      error: { code: string; message: string; details: unknown };
    };
    expect(out.error).toMatchObject({
      code: 'DOCTOR_FAILED',
      message: '1 doctor check(s) failed: curated-table',
      details: { target: 'aws', ok: false, checks: [{ id: 'curated-table', status: 'fail' }] },
    });
  });

  it('an unknown --check exits 2 before any AWS call', async () => {
    const run = await runCliCaptured(['doctor', '--target', 'aws', '--check', 'speech-tools']);
    expect(run.code).toBe(2);
    expect(aws.mocks.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});
